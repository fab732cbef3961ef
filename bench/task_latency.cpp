// How long a task change on a real Engine takes to reach swarm-sd's file: the Engine sends no task
// events, so the tasks are listed on their own timer (`--tasks.refresh-interval`), and a change
// must land within one interval plus 250 ms (issue 25). Each change is a `docker service update
// --force` of a one-replica service on an overlay network: its task is replaced by a new one.
// Measured from the moment the Engine says the new task runs (its `Status.Timestamp`) to the
// moment the file names it. Prints one row per change and a summary.
//   build/tests/task_latency [CHANGES [INTERVAL_S [timer]]]   (scripts/bench-tasks.sh runs it)
// With `timer`, swarm-sd follows no events (`--events=false`): the tasks' timer alone finds the
// change, the worst case (a task that fails and is replaced comes with no service event).
// Not a test: nothing is asserted; the numbers go in docs/performance.md.
#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <thread>

#include "tests/support/docker_engines.hpp"
#include "tests/support/file_sd_reading.hpp"

namespace {

using namespace swarmsd;
using namespace std::chrono_literals;
using wall = std::chrono::system_clock;
namespace json = boost::json;

// The task ID of the first group of a file_sd text, or nothing.
std::string task_in(const std::string& text) {
    boost::system::error_code ec;
    auto groups = json::parse(text, ec);
    if (ec || !groups.is_array() || groups.as_array().empty()) return {};
    const auto* id =
        groups.as_array()[0].at("labels").as_object().if_contains("__meta_swarm_task_id");
    return id ? std::string(id->as_string()) : std::string();
}

double ms(wall::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

}  // namespace

int main(int argc, char** argv) {
    int changes = argc > 1 ? std::atoi(argv[1]) : 10;
    int interval = argc > 2 ? std::atoi(argv[2]) : 5;
    bool timer_only = argc > 3 && std::string_view(argv[3]) == "timer";
    srandom(static_cast<unsigned>(time(nullptr)));
    if (auto why = testing::docker_engines::missing()) {
        std::cerr << *why << " (scripts/setup-debian.sh installs what is needed)\n";
        return 2;
    }
    if (!std::filesystem::exists("/bin/busybox")) {
        std::cerr << "/bin/busybox not found (apt-get install busybox-static)\n";
        return 2;
    }
    testing::docker_engines engines;
    auto& leader = engines.start("node-1");
    engines.init_swarm(leader);
    engines.import_busybox_httpd(leader, "busyhttpd:bench");
    engines.must(leader, {"network", "create", "--driver", "overlay", "monitoring"});
    engines.must(leader, {"service", "create", "--detach", "--name", "mon_exporter", "--replicas",
                          "1", "--network", "monitoring", "busyhttpd:bench", "httpd", "-f", "-p",
                          "8080", "-h", "/www"});

    testing::temp_dir dir;
    auto file = dir.path() / "tasks.json";
    testing::child_process sd(
        testing::swarm_sd_binary(),
        {"--master", leader.socket, "--output.file", file.string(), "--tasks.service",
         "mon_exporter:8080", "--tasks.refresh-interval", fmt::format("{}s", interval),
         "--web.listen-address", fmt::format("127.0.0.1:{}", testing::unused_port()),
         timer_only ? "--events=false" : "--events=true"});
    auto current = [&] { return task_in(testing::read_if_exists(file).value_or("")); };
    if (!testing::eventually([&] { return !current().empty(); }, 120s)) {
        std::cerr << "the first task never reached the file\n" << sd.err();
        return 1;
    }

    std::vector<double> latencies;
    fmt::print("| change | new task | running → in the file (ms) |\n|---|---|---|\n");
    for (int i = 1; i <= changes; ++i) {
        // At a random moment of the tasks' timer: right after a listing would measure a whole
        // interval, right before one nearly nothing.
        std::this_thread::sleep_for(std::chrono::milliseconds(random() % (interval * 1000)));
        auto before = current();
        engines.must(leader, {"service", "update", "--detach", "--force", "mon_exporter"});
        std::string now;
        auto start = wall::now();
        while ((now = current()) == before || now.empty()) {
            if (wall::now() - start > 120s) break;
            std::this_thread::sleep_for(2ms);
        }
        auto seen = wall::now();
        if (now == before || now.empty()) {
            fmt::print("| {} | (none within 120 s) | |\n", i);
            continue;
        }
        auto running =
            engines.must(leader, {"inspect", "--format", "{{.Status.Timestamp.UnixNano}}", now});
        auto since_epoch = std::chrono::nanoseconds(std::stoll(running));
        auto latency =
            ms(seen - wall::time_point(std::chrono::duration_cast<wall::duration>(since_epoch)));
        latencies.push_back(latency);
        fmt::print("| {} | {} | {:.0f} |\n", i, now.substr(0, 12), latency);
    }
    std::sort(latencies.begin(), latencies.end());
    if (latencies.empty()) return 1;
    fmt::print(
        "\n{}, --tasks.refresh-interval {}s, {} changes: min {:.0f} ms, median {:.0f} ms, max "
        "{:.0f} ms (target: at most {} ms)\n",
        timer_only ? "timer only" : "events followed", interval, latencies.size(),
        latencies.front(), latencies[latencies.size() / 2], latencies.back(),
        interval * 1000 + 250);
    return 0;
}
