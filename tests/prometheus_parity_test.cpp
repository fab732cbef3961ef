// Parity with Prometheus' own Docker Swarm discovery: a real Prometheus (dockerswarm_sd_configs,
// role: nodes) and swarm-sd ask the same fake managers, and must agree on every node, every
// address, and every __meta_dockerswarm_node_X value (as __meta_swarm_node_X). The one deliberate
// difference — managers reporting Status.Addr 0.0.0.0 — is asserted as a difference: Prometheus
// makes them all the target 0.0.0.0:<port> (its own host), and since their targets are equal it
// keeps only one of them; swarm-sd lists each at the host of its manager address.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <iostream>
#include <set>

#include "demo/fake_master.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/parity.hpp"
#include "tests/support/prometheus_server.hpp"
#include "tests/support/test_data.hpp"
#include "text/address.hpp"

namespace swarmsd {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using labels_t = testing::label_map;
using testing::discovered_by_id;
using testing::printed_by_id;

// IDs of the fixture's nodes whose Status.Addr is the wildcard.
std::set<std::string> wildcard_nodes(const std::string& fixture) {
    std::set<std::string> out;
    auto nodes = json::parse(testing::read_test_data(fixture));
    for (const auto& n : nodes.as_array()) {
        if (n.at("Status").at("Addr") == "0.0.0.0") out.emplace(n.at("ID").as_string());
    }
    return out;
}

struct cluster_under_test {
    std::string job;
    std::string fixture;
    std::unique_ptr<testing::fake_master> manager;
};

std::string prometheus_config(const std::vector<cluster_under_test>& clusters) {
    std::string config = "global:\n  scrape_interval: 1h\nscrape_configs:\n";
    for (const auto& c : clusters) {
        config += fmt::format(
            "  - job_name: {}\n    dockerswarm_sd_configs:\n      - host: {}\n        role: nodes\n"
            "        port: 8070\n        refresh_interval: 1s\n",
            c.job, c.manager->url());
    }
    return config;
}

TEST(PrometheusParity, SameNodesAddressesAndLabelsAsDockerswarmSd) {
    auto binary = testing::find_prometheus();
    if (!binary) SWARMSD_SKIP_OR_FAIL_WITHOUT("prometheus");
    std::vector<cluster_under_test> clusters;
    for (std::string fixture : {"swarmmode-nodes.json", "swarmmode-engine27-nodes.json"}) {
        auto manager = std::make_unique<testing::fake_master>(
            testing::reply{200, testing::engine_info_body(testing::engine_role::manager)});
        manager->set_nodes(testing::reply{200, testing::read_test_data(fixture)});
        clusters.push_back(
            {"cluster" + std::to_string(clusters.size()), fixture, std::move(manager)});
    }
    testing::prometheus_server prometheus(*binary, prometheus_config(clusters));
    ASSERT_TRUE(prometheus.wait_ready()) << prometheus.log();

    for (const auto& c : clusters) {
        auto all_nodes = json::parse(testing::read_test_data(c.fixture)).as_array().size();
        auto wildcards = wildcard_nodes(c.fixture);
        // Prometheus collapses the 0.0.0.0 nodes into one target.
        auto expected_nodes = all_nodes - wildcards.size() + (wildcards.empty() ? 0 : 1);
        std::map<std::string, labels_t> theirs;
        ASSERT_TRUE(testing::eventually(
            [&] {
                auto answer = prometheus.get("/api/v1/targets");
                if (answer) theirs = discovered_by_id(*answer, c.job);
                return theirs.size() == expected_nodes;
            },
            60s))
            << c.fixture << ": Prometheus discovered " << theirs.size() << " of " << expected_nodes
            << " nodes\n"
            << prometheus.log();

        auto run =
            testing::run_swarm_sd({"--print", "--mode", "swarm", "--master", c.manager->url()});
        ASSERT_EQ(run.exit_code, 0) << run.err;
        auto ours = printed_by_id(run.out);

        std::cout << "parity " << c.fixture << ": Prometheus " << theirs.size()
                  << " targets, swarm-sd " << ours.size() << " targets\n";
        ASSERT_EQ(ours.size(), all_nodes) << c.fixture;
        for (const auto& [id, labels] : ours) {
            if (theirs.contains(id)) continue;
            EXPECT_TRUE(wildcards.contains(id)) << c.fixture << ": Prometheus lacks node " << id;
            std::cout << fmt::format(
                "  {:<25} prometheus {:<20} swarm-sd {:<22} (0.0.0.0 manager: Prometheus keeps one "
                "such target and drops this one)\n",
                id, "-", labels.at("__address__"));
        }
        for (const auto& [id, their_labels] : theirs) {
            ASSERT_TRUE(ours.contains(id)) << c.fixture << ": swarm-sd lacks node " << id;
            const auto& our_labels = ours.at(id);
            bool wildcard = their_labels.at("__meta_dockerswarm_node_address") == "0.0.0.0";
            std::size_t compared = 0;
            auto differences = testing::parity_differences(their_labels, our_labels, compared);
            EXPECT_TRUE(differences.empty())
                << c.fixture << " " << id << ": " << ::testing::PrintToString(differences);
            const auto& their_target = their_labels.at("__address__");
            const auto& our_target = our_labels.at("__address__");
            if (wildcard) {
                EXPECT_EQ(their_target, "0.0.0.0:8070");
            }
            std::cout << fmt::format(
                "  {:<25} prometheus {:<20} swarm-sd {:<22} {} labels compared{}\n", id,
                their_target, our_target, compared,
                wildcard ? " (0.0.0.0 manager: address differs on purpose)" : ", all equal");
        }
    }
}

}  // namespace
}  // namespace swarmsd
