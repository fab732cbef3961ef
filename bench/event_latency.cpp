// How long a change on a real swarm takes to reach the targets: swarm-sd's file (events, with a
// five-minute resync) beside Prometheus' own dockerswarm_sd at a 5 s and at its default 60 s
// refresh, all watching the same four real engines. Prints one row per change and a summary.
//   build/tests/event_latency [CHANGES]      (scripts/bench-events.sh builds and runs it)
// Not a test: nothing is asserted; the numbers go in the README. Each change waits a random
// 0-60 s first, so about a minute and a half per change.
#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <thread>

#include "tests/support/docker_engines.hpp"
#include "tests/support/file_sd_reading.hpp"
#include "tests/support/metrics_text.hpp"
#include "tests/support/prometheus_server.hpp"

namespace {

using namespace swarmsd;
using clock_type = std::chrono::steady_clock;
using namespace std::chrono_literals;
namespace json = boost::json;

// The value of `label` on node `node` in a file_sd text or Prometheus' discovered labels.
std::string in_file(const std::string& text, const std::string& node, const std::string& label) {
    boost::system::error_code ec;
    auto groups = json::parse(text, ec);
    if (ec) return {};
    for (const auto& g : groups.as_array()) {
        const auto& labels = g.at("labels").as_object();
        auto name = labels.if_contains("__meta_swarm_node_hostname");
        auto value = labels.if_contains(label);
        if (name && name->as_string() == node && value) return std::string(value->as_string());
    }
    return {};
}

std::string in_prometheus(const std::string& answer, const std::string& job,
                          const std::string& node, const std::string& label) {
    boost::system::error_code ec;
    auto v = json::parse(answer, ec);
    if (ec) return {};
    for (const auto& t : v.at("data").at("activeTargets").as_array()) {
        const auto& labels = t.at("discoveredLabels").as_object();
        auto name = labels.if_contains("__meta_dockerswarm_node_hostname");
        auto value = labels.if_contains(label);
        if (labels.at("job").as_string() == job && name && name->as_string() == node && value)
            return std::string(value->as_string());
    }
    return {};
}

double ms(clock_type::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

void summary(const std::string& who, std::vector<double> v) {
    std::sort(v.begin(), v.end());
    if (v.empty()) return;
    auto at = [&](double q) {
        return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
    };
    fmt::print("| {:<34} | {:>8.0f} | {:>8.0f} | {:>8.0f} | {:>8.0f} |\n", who, v.front(), at(0.5),
               at(0.9), v.back());
}

}  // namespace

int main(int argc, char** argv) {
    int changes = argc > 1 ? std::atoi(argv[1]) : 10;
    srandom(static_cast<unsigned>(time(nullptr)));
    auto prometheus_binary = testing::find_prometheus();
    if (testing::docker_engines::missing() || !prometheus_binary) {
        std::cerr << "needs dockerd, the docker CLI and prometheus (scripts/setup-debian.sh)\n";
        return 2;
    }
    testing::docker_engines engines;
    auto& leader = engines.start("node-1");
    engines.init_swarm(leader);
    engines.join(engines.start("node-2"), leader, true);
    engines.join(engines.start("node-3"), leader, true);
    engines.join(engines.start("node-4"), leader);

    testing::temp_dir dir;
    auto file = dir.path() / "swarm.json";
    auto web_port = testing::unused_port();
    testing::child_process sd(
        testing::swarm_sd_binary(),
        {"--master", engines.engine("node-1").socket, "--master", engines.engine("node-2").socket,
         "--output.file", file.string(), "--refresh-interval", "5m", "--web.listen-address",
         fmt::format("127.0.0.1:{}", web_port)});
    std::string config = "global:\n  scrape_interval: 1h\nscrape_configs:\n";
    for (auto [job, refresh] : {std::pair{"refresh5s", "5s"}, {"refresh60s", "60s"}}) {
        config += fmt::format(
            "  - job_name: {}\n    dockerswarm_sd_configs:\n      - host: {}\n        role: nodes\n"
            "        port: 8070\n        refresh_interval: {}\n    relabel_configs:\n"
            "      - source_labels: [__meta_dockerswarm_node_id]\n        target_label: node_id\n",
            job, leader.socket, refresh);
    }
    testing::prometheus_server prometheus(*prometheus_binary, config);
    if (!prometheus.wait_ready()) return 1;
    std::this_thread::sleep_for(5s);  // both discoveries have listed once

    std::vector<double> ours, p5, p60;
    fmt::print(
        "| change | swarm-sd (ms) | Prometheus 5 s (ms) | Prometheus 60 s (ms) "
        "|\n|---|---|---|---|\n");
    for (int i = 1; i <= changes; ++i) {
        // Alternately a node label and a drain/active: both are `update` events.
        bool label = i % 2 == 1;
        auto value = label ? fmt::format("v{}", i) : (i % 4 == 0 ? "active" : "drain");
        std::vector<std::string> cmd =
            label ? std::vector<std::string>{"node", "update", "--label-add", "bench=" + value,
                                             "node-4"}
                  : std::vector<std::string>{"node", "update", "--availability", value, "node-4"};
        std::string ours_label =
            label ? "__meta_swarm_node_label_bench" : "__meta_swarm_node_availability";
        std::string their_label =
            label ? "__meta_dockerswarm_node_label_bench" : "__meta_dockerswarm_node_availability";
        // At a random moment of Prometheus' refresh cycles: a change right after a refresh would
        // measure it a whole period, one right before it nearly nothing.
        std::this_thread::sleep_for(std::chrono::milliseconds(random() % 60'000));
        auto start = clock_type::now();
        engines.must(leader, cmd);  // the CLI's own time is part of the measure
        std::optional<double> t_sd, t5, t60;
        while ((!t_sd || !t5 || !t60) && clock_type::now() - start < 90s) {
            if (!t_sd &&
                in_file(testing::read_if_exists(file).value_or(""), "node-4", ours_label) == value)
                t_sd = ms(clock_type::now() - start);
            auto answer = prometheus.get("/api/v1/targets").value_or("");
            if (!t5 && in_prometheus(answer, "refresh5s", "node-4", their_label) == value)
                t5 = ms(clock_type::now() - start);
            if (!t60 && in_prometheus(answer, "refresh60s", "node-4", their_label) == value)
                t60 = ms(clock_type::now() - start);
            std::this_thread::sleep_for(10ms);
        }
        fmt::print("| {} {} | {:.0f} | {:.0f} | {:.0f} |\n", label ? "label" : "availability",
                   value, t_sd.value_or(-1), t5.value_or(-1), t60.value_or(-1));
        if (t_sd) ours.push_back(*t_sd);
        if (t5) p5.push_back(*t5);
        if (t60) p60.push_back(*t60);
    }
    auto metrics = testing::metrics_of(web_port);
    double listings = 0;
    for (std::size_t at = metrics.find("\nswarm_sd_polls_total{"); at != std::string::npos;
         at = metrics.find("\nswarm_sd_polls_total{", at + 1)) {
        auto end = metrics.find('\n', at + 1);
        auto line = metrics.substr(at + 1, end - at - 1);
        listings += std::stod(line.substr(line.rfind(' ') + 1));
    }
    fmt::print(
        "\n| from the change to the targets | min | median | p90 | max |\n|---|---|---|---|---|\n");
    summary("swarm-sd (events, resync 5m)", ours);
    summary("Prometheus dockerswarm_sd, 5 s", p5);
    summary("Prometheus dockerswarm_sd, 60 s", p60);
    fmt::print("\nswarm-sd listings for {} changes (and its first listing): {:.0f}\n", changes,
               listings);
    return 0;
}
