// swarm-sd as Prometheus sees it: a real Prometheus discovers the nodes through http_sd_configs
// on /targets and scrapes swarm-sd's own /metrics, and promtool lints a live scrape.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <iostream>

#include "demo/fake_master.hpp"
#include "tests/support/http_get.hpp"
#include "tests/support/prometheus_server.hpp"
#include "tests/support/swarm_sd_daemon.hpp"
#include "tests/support/temp_dir.hpp"

namespace swarmsd {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using labels_t = std::map<std::string, std::string>;

// A swarm-mode manager whose nodes live on loopback addresses (mgr-1 reporting 0.0.0.0 with
// manager address 127.0.0.2, wrk-1 at 127.0.0.3 ready, wrk-2 at 127.0.0.4 down), and a dead master
// before it, so every metric family has samples. Their cAdvisor port is one nothing listens on:
// Prometheus' scrapes of them stay on loopback and fail at once.
struct cluster {
    testing::fake_master manager{testing::reply{}};
    std::string dead = "http://127.0.0.1:" + std::to_string(testing::unused_port());
    std::string cadvisor_port = std::to_string(testing::unused_port());
    cluster() {
        testing::make_engine(manager, testing::engine_role::manager,
                             {{.hostname = "mgr-1",
                               .addr = "0.0.0.0",
                               .role = "manager",
                               .manager_addr = "127.0.0.2:2377",
                               .leader = true},
                              {.hostname = "wrk-1", .addr = "127.0.0.3"},
                              {.hostname = "wrk-2", .addr = "127.0.0.4", .state = "down"}});
    }
    testing::web_daemon start_swarm_sd() {
        return testing::start_web_daemon({"--master", dead, "--master", manager.url(),
                                          "--refresh-interval", "1s", "--label", "cluster=e2e",
                                          "--cadvisor.port", cadvisor_port});
    }
    std::string target(const std::string& host) const { return host + ":" + cadvisor_port; }
};

TEST(Promtool, AcceptsALiveScrapeOfMetrics) {
    auto promtool = testing::find_promtool();
    if (!promtool) SWARMSD_SKIP_OR_FAIL_WITHOUT("promtool");
    cluster c;
    auto d = c.start_swarm_sd();
    ASSERT_NE(d.port, 0) << d.process->err();
    ASSERT_TRUE(
        testing::eventually([&] { return testing::http_get(d.port, "/targets")->status == 200; }));

    testing::temp_dir dir;
    auto scrape = dir.path() / "metrics.txt";
    std::ofstream(scrape) << testing::http_get(d.port, "/metrics")->body;
    testing::child_process check(
        "/bin/sh",
        {"-c", fmt::format("'{}' check metrics < '{}'", promtool->string(), scrape.string())});
    EXPECT_EQ(check.wait_for(30s), 0) << check.out() << check.err();
    EXPECT_EQ(check.out() + check.err(), "");  // no lint finding at all
}

std::string prometheus_config(std::uint16_t swarm_sd_port) {
    return fmt::format(R"(global:
  scrape_interval: 1s
scrape_configs:
  - job_name: swarm-sd
    static_configs:
      - targets: ['127.0.0.1:{0}']
  - job_name: cadvisor
    http_sd_configs:
      - url: http://127.0.0.1:{0}/targets
        refresh_interval: 1s
    relabel_configs:
      - source_labels: [__meta_swarm_node_status]
        regex: ready
        action: keep
      - source_labels: [__meta_swarm_node_hostname]
        target_label: node
      - source_labels: [__meta_swarm_node_role]
        target_label: role
)",
                       swarm_sd_port);
}

// The value of `query`'s single sample, or "" when there is none.
std::string query_value(const testing::prometheus_server& prometheus, const std::string& query) {
    auto answer = prometheus.get("/api/v1/query?query=" + query);
    if (!answer) return "";
    auto document = json::parse(*answer);  // kept: `result` refers into it
    const auto& result = document.at("data").at("result").as_array();
    if (result.size() != 1) return "";
    return std::string(result[0].at("value").at(1).as_string());
}

TEST(PrometheusHttpSd, DiscoversRelabelledNodesAndScrapesSwarmSd) {
    auto binary = testing::find_prometheus();
    if (!binary) SWARMSD_SKIP_OR_FAIL_WITHOUT("prometheus");
    cluster c;
    auto d = c.start_swarm_sd();
    ASSERT_NE(d.port, 0) << d.process->err();
    testing::prometheus_server prometheus(*binary, prometheus_config(d.port));
    ASSERT_TRUE(prometheus.wait_ready()) << prometheus.log();

    // mgr-1 (at its manager address) and wrk-1; wrk-2 is down and the keep rule drops it.
    const std::map<std::string, labels_t> expected{
        {c.target("127.0.0.2"),
         {{"cluster", "e2e"},
          {"instance", c.target("127.0.0.2")},
          {"job", "cadvisor"},
          {"node", "mgr-1"},
          {"role", "manager"}}},
        {c.target("127.0.0.3"),
         {{"cluster", "e2e"},
          {"instance", c.target("127.0.0.3")},
          {"job", "cadvisor"},
          {"node", "wrk-1"},
          {"role", "worker"}}},
    };
    std::map<std::string, labels_t> seen;
    ASSERT_TRUE(testing::eventually(
        [&] {
            seen.clear();
            for (auto& [address, target] : prometheus.active_targets("cadvisor"))
                seen[address] = target.labels;
            return seen == expected;
        },
        30s))
        << "Prometheus saw " << seen.size() << " cadvisor targets\n"
        << prometheus.log();

    std::string up;
    ASSERT_TRUE(testing::eventually(
        [&] { return (up = query_value(prometheus, "up%7Bjob%3D%22swarm-sd%22%7D")) == "1"; }, 30s))
        << "up{job=\"swarm-sd\"} = \"" << up << "\"\n"
        << prometheus.log();
    // What Prometheus stored from swarm-sd's /metrics is what swarm-sd served.
    EXPECT_EQ(query_value(prometheus, "swarm_sd_targets%7Brole%3D%22worker%22%7D"), "2");
    EXPECT_EQ(query_value(prometheus, "swarm_sd_nodes%7Bstatus%3D%22down%22%7D"), "1");
    EXPECT_EQ(query_value(prometheus,
                          "swarm_sd_current_master%7Bmaster%3D%22" + c.manager.url() + "%22%7D"),
              "1");
    std::cout << "Prometheus discovered through http_sd: ";
    for (const auto& [address, labels] : seen)
        std::cout << address << " (node=" << labels.at("node") << ") ";
    std::cout << "\nup{job=\"swarm-sd\"} = " << up << "\n";
}

}  // namespace
}  // namespace swarmsd
