// One swarm-sd serving several clusters, for real: two swarms of Debian dockerd engines and a
// classic Swarm (the fake master: no classic Swarm binary can be had here), scraped by Debian's
// Prometheus through one http_sd_configs entry per cluster. One swarm's manager stops: its
// targets stay while the other swarm's new node arrives.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>

#include "demo/fake_master.hpp"
#include "tests/support/docker_engines.hpp"
#include "tests/support/http_get.hpp"
#include "tests/support/metrics_text.hpp"
#include "tests/support/prometheus_server.hpp"
#include "tests/support/swarm_sd_daemon.hpp"

namespace swarmsd {
namespace {

using namespace std::chrono_literals;

// Prometheus' targets as "cluster/node" (after its relabelling), one per scraped target.
std::set<std::string> cluster_nodes(const testing::prometheus_server& prometheus) {
    std::set<std::string> out;
    for (const auto& [instance, target] : prometheus.active_targets("cadvisor")) {
        auto node = target.labels.contains("node") ? target.labels.at("node") : "(master)";
        out.insert(target.labels.at("cluster") + "/" + node);
    }
    return out;
}

TEST(RealClusters, EachSwarmKeepsItsTargetsInPrometheusWhileTheOtherChanges) {
    if (auto why = testing::docker_engines::missing()) {
        if (testing::tools_required()) FAIL() << *why;
        GTEST_SKIP() << *why;
    }
    auto prometheus_binary = testing::find_prometheus();
    if (!prometheus_binary) SWARMSD_SKIP_OR_FAIL_WITHOUT("prometheus");

    testing::docker_engines engines;
    auto& alpha = engines.start("alpha-1");
    engines.init_swarm(alpha);
    auto& beta = engines.start("beta-1");
    engines.init_swarm(beta);
    testing::fake_master legacy(
        testing::classic_info({{"legacy-1", "10.0.9.1:2375"}, {"legacy-2", "10.0.9.2:2375"}}));

    testing::temp_dir dir;
    auto config = dir.path() / "clusters.yml";
    std::ofstream(config) << fmt::format(R"(clusters:
  - {{name: alpha, masters: [{}], timeout: 2s, refresh_interval: 5m, labels: {{env: prod}}}}
  - {{name: beta, masters: [{}], timeout: 2s, refresh_interval: 5m}}
  - {{name: legacy, masters: [{}], mode: classic, refresh_interval: 5m}}
)",
                                         alpha.socket, beta.socket, legacy.url());
    auto daemon = testing::start_web_daemon({"--config.file", config.string()});
    ASSERT_NE(daemon.port, 0) << daemon.process->err();

    std::string scrape;
    for (auto name : {"alpha", "beta", "legacy"}) {
        scrape += fmt::format(
            "      - {{url: 'http://127.0.0.1:{}/targets?cluster={}', refresh_interval: 1s}}\n",
            daemon.port, name);
    }
    testing::prometheus_server prometheus(*prometheus_binary, fmt::format(R"(global:
  scrape_interval: 1s
scrape_configs:
  - job_name: cadvisor
    http_sd_configs:
{}    relabel_configs:
      - {{source_labels: [__meta_swarm_cluster], target_label: cluster}}
      - {{source_labels: [__meta_swarm_node_name], regex: '(.+)', target_label: node}}
      # One address can be a target in two clusters (a worker that joined on 127.0.0.1, the
      # classic master's host): the instance says which.
      - {{source_labels: [cluster, __address__], separator: /, target_label: instance}}
)",
                                                                          scrape));
    ASSERT_TRUE(prometheus.wait_ready()) << prometheus.log();

    std::set<std::string> expected{"alpha/alpha-1", "beta/beta-1", "legacy/(master)",
                                   "legacy/legacy-1", "legacy/legacy-2"};
    ASSERT_TRUE(testing::eventually([&] { return cluster_nodes(prometheus) == expected; }, 60s))
        << fmt::format("{}", fmt::join(cluster_nodes(prometheus), " ")) << "\n"
        << daemon.process->err();
    auto alpha_target =
        prometheus.active_targets("cadvisor").at("alpha/" + alpha.address + ":8070");
    EXPECT_EQ(alpha_target.labels.at("env"), "prod");

    // alpha's only manager stops; a worker joins beta.
    engines.stop(alpha);
    engines.join(engines.start("beta-2"), beta);
    expected.insert("beta/beta-2");
    EXPECT_TRUE(testing::eventually([&] { return cluster_nodes(prometheus) == expected; }, 60s))
        << fmt::format("{}", fmt::join(cluster_nodes(prometheus), " ")) << "\n"
        << daemon.process->err();
    EXPECT_TRUE(testing::eventually([&] {
        return testing::sample(testing::metrics_of(daemon.port),
                               "swarm_sd_cluster_up{cluster=\"alpha\"}") == 0;
    })) << testing::metrics_of(daemon.port);
    // Still served, and still scraped, while its manager is away.
    auto alpha_only = testing::http_get(daemon.port, "/targets?cluster=alpha");
    ASSERT_TRUE(alpha_only);
    EXPECT_EQ(alpha_only->status, 200u);
    EXPECT_NE(alpha_only->body.find("\"alpha-1\""), std::string::npos) << alpha_only->body;
    EXPECT_EQ(cluster_nodes(prometheus), expected);
    auto health = testing::http_get(daemon.port, "/healthz");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200u) << health->body;
}

}  // namespace
}  // namespace swarmsd
