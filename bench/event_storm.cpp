// What a storm of node events costs, and how long one change takes, against the project's fake
// master (demo/fake_cluster) holding realistic nodes, swarm-sd running as a daemon with a
// five-minute resync:
//   storm    EVENTS changes, each announced by its event, spread over SECONDS: the listings and
//            node fetches the master served, the bytes it sent, swarm-sd's CPU (utime + stime of
//            its process), the time from the storm's last event to its change in the file, a
//            check that the file is then byte for byte what `swarm-sd --print` lists, and the
//            time one change made after the storm takes to reach the file
//   latency  one change at a time, at several cluster sizes: from the event to the file
//   build/tests/event_storm [NODES EVENTS SECONDS [swarm|classic]]
//       (scripts/bench-storm.sh builds and runs it; default 10000 2000 10, both modes; EVENTS 0
//       times single changes only)
// Not a test: nothing is asserted; the numbers go in docs/performance.md.
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "demo/classic_info_body.hpp"
#include "demo/fake_cluster.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/file_sd_reading.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

using namespace swarmsd;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

double ms(clock_type::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// utime + stime of a process, in seconds.
double cpu_seconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), {});
    std::istringstream fields(stat.substr(stat.rfind(')') + 2));
    std::string field;
    long ticks = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
        if (i == 14 || i == 15) ticks += std::stol(field);
    }
    return static_cast<double>(ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// One mode's cluster: the fake master, and how to make the k-th change and see it in the file.
struct cluster_under_test {
    bool swarm_mode;
    std::size_t nodes;
    std::unique_ptr<testing::fake_cluster> cluster;

    cluster_under_test(bool swarm, std::size_t count) : swarm_mode(swarm), nodes(count) {
        if (swarm) {
            cluster = std::make_unique<testing::fake_cluster>(
                testing::numbered_swarm_nodes(count, /*realistic=*/true));
        } else {
            cluster = std::make_unique<testing::fake_cluster>(testing::numbered_nodes(count));
        }
    }
    testing::fake_master& master() { return cluster->master(); }
    // Change `k` touches a node of its own (7919 is prime to every size used) and leaves a mark
    // no other change leaves, so that the file shows whether it arrived.
    std::string change(std::size_t k) {
        auto i = (k * 7919) % nodes;
        if (swarm_mode) {
            auto tier = fmt::format("t{}", k);
            cluster->update(i, [&](testing::swarm_node& n) { n.tier = tier; });
            return fmt::format(R"("__meta_swarm_node_label_tier": "{}")", tier);
        }
        auto address = fmt::format("10.250.{}.{}:2376", k / 256 % 256, k % 256);
        cluster->move_engine(i, address);
        return fmt::format(R"("{}")", address);
    }
    std::size_t listings() {
        if (!swarm_mode) return master().count_targets("/info");
        return master().count_targets("/nodes") - master().count_targets("/nodes/");
    }
};

// The daemon, writing the file, with a resync no run waits for.
struct daemon_under_test {
    testing::temp_dir dir;
    std::filesystem::path file = dir.path() / "swarm.json";
    std::unique_ptr<testing::child_process> process;

    explicit daemon_under_test(const std::string& master) {
        process = std::make_unique<testing::child_process>(
            testing::swarm_sd_binary(),
            std::vector<std::string>{"--master", master, "--output.file", file.string(),
                                     "--refresh-interval", "5m", "--web.listen-address=",
                                     // A realistic /nodes answer at 10,000 nodes is 20 MB.
                                     "--max-body-size", "64MiB"});
    }
    // Waits until the file holds `mark`: its inode, size and mtime looked at every millisecond,
    // its text read only when they change (reading 10 MB each time would load the host it
    // measures); when it arrived.
    std::optional<clock_type::time_point> wait_for(const std::string& mark,
                                                   std::chrono::seconds limit = 60s) {
        auto until = clock_type::now() + limit;
        struct stat seen {};
        while (clock_type::now() < until) {
            struct stat now {};
            if (::stat(file.c_str(), &now) == 0 &&
                (now.st_ino != seen.st_ino || now.st_size != seen.st_size ||
                 now.st_mtim.tv_nsec != seen.st_mtim.tv_nsec ||
                 now.st_mtim.tv_sec != seen.st_mtim.tv_sec)) {
                seen = now;
                auto text = testing::read_if_exists(file);
                if (text && text->find(mark) != std::string::npos) return clock_type::now();
            }
            std::this_thread::sleep_for(1ms);
        }
        return std::nullopt;
    }
};

bool ready(cluster_under_test& c, daemon_under_test& d) {
    auto groups = [&] {
        auto text = testing::read_if_exists(d.file);
        return text ? testing::node_names(*text).size() : 0;
    };
    return testing::eventually([&] { return groups() >= c.nodes; }, 120s) &&
           testing::eventually([&] { return c.master().open_event_streams() == 1; }, 30s);
}

void storm(bool swarm_mode, std::size_t nodes, std::size_t events, std::chrono::seconds length) {
    cluster_under_test c(swarm_mode, nodes);
    daemon_under_test d(c.master().url());
    if (!ready(c, d)) {
        fmt::print("{}: swarm-sd never listed the nodes\n{}\n", swarm_mode ? "swarm" : "classic",
                   d.process->err());
        return;
    }
    auto listings0 = c.listings();
    auto fetches0 = c.master().count_targets("/nodes/");
    auto bytes0 = c.master().bytes_sent();
    auto listing_bytes = bytes0 / listings0;
    auto cpu0 = cpu_seconds(d.process->pid());
    auto start = clock_type::now();
    std::string mark;
    for (std::size_t k = 0; k < events; ++k) {
        std::this_thread::sleep_until(start + length * k / events);
        mark = c.change(k);
    }
    auto last_event = clock_type::now();
    auto landed = d.wait_for(mark);
    std::this_thread::sleep_for(3s);  // anything still under way ends
    auto cpu = cpu_seconds(d.process->pid()) - cpu0;
    auto listings = c.listings() - listings0;
    auto fetches = c.master().count_targets("/nodes/") - fetches0;
    auto bytes = c.master().bytes_sent() - bytes0;
    auto printed = testing::run_swarm_sd(
        {"--print", "--master", c.master().url(), "--max-body-size", "64MiB"});
    bool same = printed.exit_code == 0 && testing::read_if_exists(d.file) == printed.out;
    // One change after the storm, once its spacing is over.
    auto after_mark = c.change(events);
    auto sent = clock_type::now();
    auto after = d.wait_for(after_mark);
    // The swarm-mode target: at most two listings and 4 KiB an event.
    auto bound = 2.0 * static_cast<double>(listing_bytes) + 4096.0 * static_cast<double>(events);
    fmt::print(
        "| {} | {} | {} in {} s | {} | {} | {:.1f} MB (a listing: {:.1f} MB{}) | {:.2f} s | {} | "
        "{} | {} |\n",
        swarm_mode ? "swarm mode" : "classic", nodes, events, length.count(), listings, fetches,
        static_cast<double>(bytes) / 1e6, static_cast<double>(listing_bytes) / 1e6,
        swarm_mode ? fmt::format("; bound {:.1f} MB", bound / 1e6) : "", cpu,
        landed ? fmt::format("{:.0f} ms", ms(*landed - last_event)) : "never", same ? "yes" : "NO",
        after ? fmt::format("{:.0f} ms", ms(*after - sent)) : "never");
    std::fflush(stdout);
}

void latency(bool swarm_mode, std::size_t nodes, int changes) {
    cluster_under_test c(swarm_mode, nodes);
    daemon_under_test d(c.master().url());
    if (!ready(c, d)) return;
    std::vector<double> took;
    for (int k = 0; k < changes; ++k) {
        std::this_thread::sleep_for(2500ms);  // past the classic spacing: one change at a time
        auto mark = c.change(static_cast<std::size_t>(k));
        auto sent = clock_type::now();
        if (auto at = d.wait_for(mark, 10s)) took.push_back(ms(*at - sent));
    }
    std::sort(took.begin(), took.end());
    if (took.empty()) return;
    fmt::print("| {} | {} | {} | {:.1f} | {:.1f} | {:.1f} |\n",
               swarm_mode ? "swarm mode" : "classic", nodes, took.size(), took.front(),
               took[took.size() / 2], took.back());
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t nodes = argc > 1 ? std::stoul(argv[1]) : 10'000;
    std::size_t events = argc > 2 ? std::stoul(argv[2]) : 2'000;
    std::chrono::seconds length(argc > 3 ? std::stol(argv[3]) : 10);
    std::string only = argc > 4 ? argv[4] : "";
    std::vector<bool> modes;
    if (only != "classic") modes.push_back(true);
    if (only != "swarm") modes.push_back(false);
    fmt::print(
        "| mode | nodes | events | full listings | node fetches | bytes served | swarm-sd CPU | "
        "storm's last change to the file | file = --print | a change after the storm |\n"
        "|---|---|---|---|---|---|---|---|---|---|\n");
    if (events > 0) {
        for (bool swarm_mode : modes) storm(swarm_mode, nodes, events, length);
    }
    fmt::print(
        "\n| mode | nodes | changes | min (ms) | median (ms) | max (ms) |\n"
        "|---|---|---|---|---|---|\n");
    for (bool swarm_mode : modes) {
        for (std::size_t size : {std::size_t{4}, std::size_t{1000}, nodes})
            latency(swarm_mode, size, 7);
    }
    return 0;
}
