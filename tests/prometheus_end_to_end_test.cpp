// The product end to end, with real programs only: a swarm-mode master (the fake) announces three
// nodes at 127.0.0.2-4; a real exporter (node-exporter) serves metrics on each at the cAdvisor
// port; the built swarm-sd daemon discovers them; a real Prometheus, configured with the shipped
// compose/prometheus.yml (file_sd) or compose/prometheus-http-sd.yml (http_sd), finds and scrapes
// them. Then a node leaves, and swarm-sd is restarted while Prometheus is watched.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <iostream>
#include <thread>

#include "demo/fake_master.hpp"
#include "tests/support/http_get.hpp"
#include "tests/support/node_exporter.hpp"
#include "tests/support/prometheus_server.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_data.hpp"

namespace swarmsd {
namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

enum class discovery { file_sd, http_sd };

void PrintTo(discovery kind, std::ostream* out) {
    *out << (kind == discovery::file_sd ? "file_sd" : "http_sd");
}

// `text` with `from` replaced by `to`, which must occur exactly `times` times: when the shipped
// file changes shape, the test says so instead of testing something else.
std::string replaced(std::string text, const std::string& from, const std::string& to,
                     int times = 1) {
    int found = 0;
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
        ++found;
    }
    EXPECT_EQ(found, times) << "'" << from << "' in the shipped Prometheus configuration";
    return text;
}

// The shipped configuration with only what a loopback test must change: its scrape and discovery
// intervals shortened, swarm-sd's address, the targets file's path, the rules file's path.
std::string shipped_config(discovery kind, std::uint16_t swarm_sd_port,
                           const std::filesystem::path& targets_file) {
    const std::filesystem::path compose = SWARMSD_COMPOSE_DIR;
    auto config = testing::read_file(
        compose / (kind == discovery::file_sd ? "prometheus.yml" : "prometheus-http-sd.yml"));
    config = replaced(config, "scrape_interval: 15s", "scrape_interval: 1s");
    config = replaced(config, "- swarm-sd-alerts.yml",
                      "- " + (compose / "swarm-sd-alerts.yml").string());
    const auto swarm_sd = fmt::format("127.0.0.1:{}", swarm_sd_port);
    if (kind == discovery::file_sd) {
        config = replaced(config, "swarm-sd:9475", swarm_sd);
        config = replaced(config, "files: [/etc/prometheus/sd/swarm.json]",
                          fmt::format("files: [{}]", targets_file.string()));
    } else {
        config = replaced(config, "swarm-sd:9475", swarm_sd, 2);  // the scrape and /targets
        config = replaced(config, "refresh_interval: 30s", "refresh_interval: 1s");
    }
    return config;
}

using targets_t = std::map<std::string, testing::active_target>;

std::string describe(const targets_t& targets) {
    std::string out;
    for (const auto& [address, target] : targets) {
        out += fmt::format("\n  {} {}", address, target.health);
        for (const auto& [k, v] : target.labels) out += fmt::format(" {}={}", k, v);
    }
    return out.empty() ? " none" : out;
}

// A node as the master announces it and as Prometheus should show it after relabelling.
struct node {
    std::string hostname, address, role;
};

const std::vector<node> three_nodes{{"mgr-1", "127.0.0.2", "manager"},
                                    {"wrk-1", "127.0.0.3", "worker"},
                                    {"wrk-2", "127.0.0.4", "worker"}};

void announce(testing::fake_master& master, const std::vector<node>& nodes) {
    std::vector<testing::swarm_node> swarm;
    for (const auto& n : nodes) {
        testing::swarm_node s{.hostname = n.hostname, .addr = n.address, .role = n.role};
        if (n.role == "manager") {
            s.manager_addr = n.address + ":2377";
            s.leader = true;
        }
        swarm.push_back(s);
    }
    testing::make_engine(master, testing::engine_role::manager, swarm);
}

class EndToEnd : public ::testing::TestWithParam<discovery> {
  protected:
    void SetUp() override {
        prometheus_binary_ = testing::find_prometheus();
        if (!prometheus_binary_) SWARMSD_SKIP_OR_FAIL_WITHOUT("prometheus");
        exporter_binary_ = testing::find_node_exporter();
        if (!exporter_binary_) SWARMSD_SKIP_OR_FAIL_WITHOUT("prometheus-node-exporter");
    }

    // The swarm-sd daemon as an operator runs it, on a fixed web port so that a restarted one is
    // found at the same address; true once its web server answers.
    bool start_swarm_sd() {
        std::vector<std::string> args{"--master",
                                      master_.url(),
                                      "--refresh-interval",
                                      "1s",
                                      "--label",
                                      "cluster=e2e",
                                      "--cadvisor.port",
                                      std::to_string(cadvisor_port_),
                                      "--web.listen-address",
                                      fmt::format("127.0.0.1:{}", web_port_)};
        if (GetParam() == discovery::file_sd)
            args.insert(args.end(), {"--output.file", targets_file().string()});
        swarm_sd_ = std::make_unique<testing::child_process>(testing::swarm_sd_binary(), args);
        return testing::eventually([&] { return testing::http_get(web_port_, "/healthz"); });
    }

    std::filesystem::path targets_file() const { return sd_dir_.path() / "swarm.json"; }

    // What Prometheus should show for `nodes`, all scraped successfully.
    targets_t expected(const std::vector<node>& nodes) const {
        targets_t out;
        for (const auto& n : nodes) {
            auto instance = fmt::format("{}:{}", n.address, cadvisor_port_);
            out[instance] = {{{"cluster", "e2e"},
                              {"instance", instance},
                              {"job", "cadvisor"},
                              {"node", n.hostname},
                              {"role", n.role}},
                             "up"};
        }
        return out;
    }

    std::optional<std::filesystem::path> prometheus_binary_, exporter_binary_;
    std::uint16_t cadvisor_port_ = testing::unused_port();
    std::uint16_t web_port_ = testing::unused_port();
    testing::fake_master master_{testing::reply{}};
    testing::temp_dir sd_dir_;
    std::unique_ptr<testing::child_process> swarm_sd_;
};

TEST_P(EndToEnd, PrometheusScrapesEveryNodeDropsALeaverAndNeverSeesAnEmptyListOnRestart) {
    const char* how = GetParam() == discovery::file_sd ? "file_sd" : "http_sd";
    std::vector<std::unique_ptr<testing::node_exporter>> exporters;
    for (const auto& n : three_nodes) {
        exporters.push_back(
            std::make_unique<testing::node_exporter>(*exporter_binary_, n.address, cadvisor_port_));
    }
    for (const auto& e : exporters) ASSERT_TRUE(e->wait_listening()) << e->log();
    announce(master_, three_nodes);
    ASSERT_TRUE(start_swarm_sd()) << swarm_sd_->err();
    testing::prometheus_server prometheus(*prometheus_binary_,
                                          shipped_config(GetParam(), web_port_, targets_file()));
    ASSERT_TRUE(prometheus.wait_ready()) << prometheus.log();

    // 1. All three nodes discovered, relabelled and scraped.
    targets_t seen;
    auto started = clock_type::now();
    ASSERT_TRUE(testing::eventually(
        [&] { return (seen = prometheus.active_targets("cadvisor")) == expected(three_nodes); },
        60s))
        << "Prometheus shows:" << describe(seen) << "\n"
        << prometheus.log() << swarm_sd_->err();
    std::cout << fmt::format("[{}] all three nodes up after {} ms:{}\n", how,
                             (clock_type::now() - started) / 1ms, describe(seen));

    // 2. wrk-2 leaves the swarm: Prometheus stops scraping it promptly.
    auto remaining = std::vector<node>(three_nodes.begin(), three_nodes.end() - 1);
    announce(master_, remaining);
    auto left = clock_type::now();
    ASSERT_TRUE(testing::eventually(
        [&] { return (seen = prometheus.active_targets("cadvisor")) == expected(remaining); }, 30s))
        << "Prometheus shows:" << describe(seen);
    auto dropped_after = clock_type::now() - left;
    std::cout << fmt::format("[{}] wrk-2 left the swarm; Prometheus dropped it after {} ms\n", how,
                             dropped_after / 1ms);
    // One swarm-sd refresh (1s) plus Prometheus' discovery update tick (5s) and, for http_sd, its
    // refresh (1s): 15s leaves room for a loaded CI machine and still catches a stuck update.
    EXPECT_LT(dropped_after, 15s);

    // 3. swarm-sd restarts while Prometheus is watched every 50 ms: the list never goes empty.
    std::string file_before =
        GetParam() == discovery::file_sd ? testing::read_file(targets_file()) : "";
    std::atomic<bool> watching{true};
    std::size_t fewest = SIZE_MAX, looks = 0;
    std::thread watcher([&] {
        while (watching) {
            auto now = prometheus.active_targets("cadvisor");
            fewest = std::min(fewest, now.size());
            ++looks;
            std::this_thread::sleep_for(50ms);
        }
    });
    swarm_sd_->send(SIGTERM);
    auto stopped = swarm_sd_->wait_for(10s);
    bool restarted = start_swarm_sd();
    auto served = testing::eventually(
        [&] {
            auto answer = testing::http_get(web_port_, "/targets");
            return answer && answer->status == 200;
        },
        15s);
    // Past one more discovery update of Prometheus' after the new swarm-sd serves.
    std::this_thread::sleep_for(7s);
    watching = false;
    watcher.join();
    EXPECT_EQ(stopped, 0) << swarm_sd_->err();
    ASSERT_TRUE(restarted && served) << swarm_sd_->err();
    EXPECT_EQ(fewest, remaining.size()) << "Prometheus' cadvisor targets went down to " << fewest;
    EXPECT_GT(looks, 100u);
    EXPECT_EQ(prometheus.active_targets("cadvisor"), expected(remaining));
    if (GetParam() == discovery::file_sd) {
        EXPECT_EQ(testing::read_file(targets_file()), file_before);
    }
    std::cout << fmt::format(
        "[{}] swarm-sd restarted; {} looks at Prometheus' targets, never fewer than {}\n", how,
        looks, fewest);
}

INSTANTIATE_TEST_SUITE_P(Discovery, EndToEnd,
                         ::testing::Values(discovery::file_sd, discovery::http_sd),
                         [](const auto& test) {
                             return test.param == discovery::file_sd ? "FileSd" : "HttpSd";
                         });

}  // namespace
}  // namespace swarmsd
