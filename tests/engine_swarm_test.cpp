// swarm-sd against a real Docker swarm: four Debian dockerd engines on loopback (three managers,
// one worker), changed as an operator changes them, with swarm-sd's daemon following their event
// streams; and parity with Prometheus' own dockerswarm_sd on the same engines.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <csignal>
#include <iostream>

#include "tests/support/docker_engines.hpp"
#include "tests/support/file_sd_reading.hpp"
#include "tests/support/metrics_text.hpp"
#include "tests/support/parity.hpp"
#include "tests/support/prometheus_server.hpp"
#include "tests/support/swarm_sd_daemon.hpp"

namespace swarmsd {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using testing::docker_engine;
using testing::label_map;

// The file's node groups, by node name.
std::map<std::string, label_map> nodes_in(const std::filesystem::path& file) {
    std::map<std::string, label_map> out;
    auto text = testing::read_if_exists(file);
    if (!text) return out;
    boost::system::error_code ec;
    auto groups = json::parse(*text, ec);
    if (ec) return out;
    for (const auto& g : groups.as_array()) {
        label_map labels;
        for (const auto& [k, v] : g.at("labels").as_object())
            labels.emplace(std::string(k), std::string(v.as_string()));
        labels["__address__"] = std::string(g.at("targets").at(0).as_string());
        if (labels.contains("__meta_swarm_node_name"))
            out[labels.at("__meta_swarm_node_name")] = labels;
    }
    return out;
}

std::string label_of(const std::map<std::string, label_map>& nodes, const std::string& node,
                     const std::string& label) {
    auto n = nodes.find(node);
    if (n == nodes.end()) return "(no node)";
    auto l = n->second.find(label);
    return l == n->second.end() ? "(none)" : l->second;
}

// Each test has a swarm of its own (four engines are ready in about four seconds), so that no
// test depends on what another did to its nodes.
class RealSwarm : public ::testing::Test {
  protected:
    void SetUp() override {
        if (auto why = testing::docker_engines::missing()) {
            if (testing::tools_required()) FAIL() << *why;
            GTEST_SKIP() << *why;
        }
        engines = std::make_unique<testing::docker_engines>();
        auto& leader = engines->start("node-1", {"zone=eu-1"});
        engines->init_swarm(leader);
        engines->join(engines->start("node-2"), leader, /*as_manager=*/true);
        engines->join(engines->start("node-3"), leader, /*as_manager=*/true);
        engines->join(engines->start("node-4", {"disk=ssd"}), leader);
    }

    docker_engine& engine(int n) { return engines->engine(fmt::format("node-{}", n)); }

    // swarm-sd following the three managers, with the resync far away: what reaches the file
    // quickly came through the event streams.
    std::unique_ptr<testing::child_process> start_daemon() {
        std::vector<std::string> args{"--output.file", file.string(), "--refresh-interval",   "5m",
                                      "--timeout",     "2s",          "--web.listen-address", ""};
        for (int n : {1, 2, 3}) args.insert(args.end(), {"--master", engine(n).socket});
        return std::make_unique<testing::child_process>(testing::swarm_sd_binary(), args);
    }

    // Waits until `check(nodes)` holds of the file; false after `limit`.
    bool file_shows(const std::function<bool(const std::map<std::string, label_map>&)>& check,
                    std::chrono::seconds limit = 10s) {
        return testing::eventually([&] { return check(nodes_in(file)); }, limit);
    }

    testing::temp_dir dir;
    std::filesystem::path file = dir.path() / "swarm.json";
    std::unique_ptr<testing::docker_engines> engines;  // stopped, whatever happened, at the end
};

TEST_F(RealSwarm, ListsEveryNodeWithItsLabels) {
    auto daemon = start_daemon();
    ASSERT_TRUE(file_shows([](const auto& nodes) { return nodes.size() == 4; }, 30s))
        << daemon->err();
    auto nodes = nodes_in(file);
    EXPECT_EQ(label_of(nodes, "node-1", "__meta_swarm_node_role"), "manager");
    EXPECT_EQ(label_of(nodes, "node-1", "__meta_swarm_node_manager_leader"), "true");
    EXPECT_EQ(label_of(nodes, "node-1", "__meta_swarm_node_engine_label_zone"), "eu-1");
    EXPECT_EQ(label_of(nodes, "node-4", "__meta_swarm_node_role"), "worker");
    EXPECT_EQ(label_of(nodes, "node-4", "__meta_swarm_node_engine_label_disk"), "ssd");
    EXPECT_EQ(label_of(nodes, "node-4", "__meta_swarm_node_status"), "ready");
    // The stream opens after the first listing, so the line may come a moment after the file.
    EXPECT_TRUE(testing::eventually([&] {
        return daemon->err().find("msg=\"event stream open; following node changes\"") !=
               std::string::npos;
    })) << daemon->err();
}

// Each change an operator makes reaches the file through the event stream, long before the
// five-minute resync. (How long it takes is measured by bench/event_latency.sh, not here.)
// Each costs the one node it changes: a node fetch, and no listing (the metrics say which).
TEST_F(RealSwarm, EveryKindOfChangeReachesTheFileWithoutTheResync) {
    std::vector<std::string> args{"--output.file", file.string(), "--refresh-interval", "5m",
                                  "--timeout",     "2s"};
    for (int n : {1, 2, 3}) args.insert(args.end(), {"--master", engine(n).socket});
    auto web = testing::start_web_daemon(args);
    ASSERT_NE(web.port, 0);
    auto* daemon = web.process.get();
    ASSERT_TRUE(file_shows([](const auto& nodes) { return nodes.size() == 4; }, 30s));
    auto leader_url = engine(1).socket;  // the first master, which the daemon asks
    auto total = [&](const std::string& name, const std::string& labels) {
        return testing::sample(testing::metrics_of(web.port),
                               name + "{master=\"" + leader_url + "\"," + labels + "}");
    };
    auto fetched = [&] { return total("swarm_sd_node_fetches_total", "result=\"updated\""); };
    auto listed_for_events = [&] {
        return total("swarm_sd_polls_total", "result=\"success\",trigger=\"event\"");
    };
    auto& leader = engine(1);
    ASSERT_TRUE(testing::eventually(
        [&] { return daemon->err().find("event stream open") != std::string::npos; }));
    struct step {
        std::string what;
        std::vector<std::string> command;
        std::function<bool(const std::map<std::string, label_map>&)> shows;
    };
    const step steps[] = {
        {"label added",
         {"node", "update", "--label-add", "tier=gold", "node-4"},
         [](const auto& n) {
             return label_of(n, "node-4", "__meta_swarm_node_label_tier") == "gold";
         }},
        {"label removed",
         {"node", "update", "--label-rm", "tier", "node-4"},
         [](const auto& n) {
             return label_of(n, "node-4", "__meta_swarm_node_label_tier") == "(none)";
         }},
        {"drained",
         {"node", "update", "--availability", "drain", "node-4"},
         [](const auto& n) {
             return label_of(n, "node-4", "__meta_swarm_node_availability") == "drain";
         }},
        {"active again",
         {"node", "update", "--availability", "active", "node-4"},
         [](const auto& n) {
             return label_of(n, "node-4", "__meta_swarm_node_availability") == "active";
         }},
        {"promoted",
         {"node", "promote", "node-4"},
         [](const auto& n) {
             return label_of(n, "node-4", "__meta_swarm_node_role") == "manager";
         }},
        {"demoted",
         {"node", "demote", "node-4"},
         [](const auto& n) { return label_of(n, "node-4", "__meta_swarm_node_role") == "worker"; }},
    };
    for (const auto& s : steps) {
        // As an operator would: a demotion right after a promotion is refused until the new
        // manager has joined the raft, so it is tried again.
        testing::run_result r;
        ASSERT_TRUE(testing::eventually(
            [&] { return (r = engines->docker(leader, s.command)).exit_code == 0; }, 30s))
            << s.what << ": " << r.err;
        EXPECT_TRUE(file_shows(s.shows)) << s.what << "\n" << daemon->err();
    }
    EXPECT_GE(fetched(), 6) << "each change a node fetch, at least";
    EXPECT_EQ(listed_for_events(), 0) << "and not one listing";

    auto& joiner = engines->start("node-5");
    engines->join(joiner, leader);
    EXPECT_TRUE(file_shows([](const auto& n) { return n.contains("node-5"); })) << "joined";
    engines->must(joiner, {"swarm", "leave"});
    ASSERT_TRUE(engines->wait_for_status(leader, "node-5", "down"));
    EXPECT_TRUE(file_shows([](const auto& n) {
        return label_of(n, "node-5", "__meta_swarm_node_status") == "down";
    })) << "left";
    engines->must(leader, {"node", "rm", "node-5"});
    EXPECT_TRUE(file_shows([](const auto& n) { return !n.contains("node-5"); })) << "removed";
    engines->stop(joiner);
    EXPECT_EQ(daemon->err().find("no event stream"), std::string::npos) << daemon->err();
}

TEST_F(RealSwarm, AStoppedWorkerGoesDownAndComesBack) {
    auto daemon = start_daemon();
    ASSERT_TRUE(file_shows([](const auto& nodes) { return nodes.size() == 4; }, 30s));
    engines->stop(engine(4));
    // The managers notice missed heartbeats after 10-15 s; the event comes then.
    EXPECT_TRUE(file_shows(
        [](const auto& n) { return label_of(n, "node-4", "__meta_swarm_node_status") == "down"; },
        40s))
        << daemon->err();
    engines->restart(engine(4));
    EXPECT_TRUE(file_shows(
        [](const auto& n) { return label_of(n, "node-4", "__meta_swarm_node_status") == "ready"; },
        40s))
        << daemon->err();
}

TEST_F(RealSwarm, SameNodesAddressesAndLabelsAsPrometheusDockerswarmSd) {
    auto binary = testing::find_prometheus();
    if (!binary) SWARMSD_SKIP_OR_FAIL_WITHOUT("prometheus");
    // Engines on one host report the workers' Status.Addr as 127.0.0.1, the source of their
    // connection: a label of the node's ID keeps Prometheus from merging those equal targets.
    auto config = fmt::format(
        "global:\n  scrape_interval: 1h\nscrape_configs:\n  - job_name: swarm\n"
        "    dockerswarm_sd_configs:\n      - host: {}\n        role: nodes\n"
        "        port: 8070\n        refresh_interval: 1s\n"
        "    relabel_configs:\n      - source_labels: [__meta_dockerswarm_node_id]\n"
        "        target_label: node_id\n",
        engine(1).socket);
    testing::prometheus_server prometheus(*binary, config);
    ASSERT_TRUE(prometheus.wait_ready()) << prometheus.log();
    std::map<std::string, label_map> theirs;
    ASSERT_TRUE(testing::eventually(
        [&] {
            auto answer = prometheus.get("/api/v1/targets");
            if (answer) theirs = testing::discovered_by_id(*answer, "swarm");
            return theirs.size() == 4;
        },
        20s))
        << prometheus.get("/api/v1/targets").value_or("");
    auto run = testing::run_swarm_sd({"--print", "--master", engine(1).socket});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    auto ours = testing::printed_by_id(run.out);
    ASSERT_EQ(ours.size(), 4u) << run.out;
    for (const auto& [id, their_labels] : theirs) {
        ASSERT_TRUE(ours.contains(id)) << "swarm-sd lacks node " << id;
        std::size_t compared = 0;
        auto differences = testing::parity_differences(their_labels, ours.at(id), compared);
        EXPECT_TRUE(differences.empty()) << id << ": " << ::testing::PrintToString(differences);
        std::cout << fmt::format("  real {:<28} {:<22} {} labels compared, {}\n", id,
                                 ours.at(id).at("__address__"), compared,
                                 differences.empty() ? "all equal" : "DIFFERENT");
    }
}

// Last: it stops the leader. The other two managers keep the quorum and elect a new leader;
// swarm-sd's listing and stream move on to them, and changes keep reaching the file.
TEST_F(RealSwarm, TheLeadersEngineStopsAndDiscoveryMovesOn) {
    auto daemon = start_daemon();
    ASSERT_TRUE(file_shows([](const auto& nodes) { return nodes.size() >= 4; }, 30s));
    engines->stop(engine(1));
    ASSERT_TRUE(testing::eventually(
        [&] {
            auto r = engines->docker(engine(2), {"node", "ls"});
            return r.exit_code == 0 && r.out.find("Leader") != std::string::npos;
        },
        60s))
        << "no new leader";
    engines->must(engine(2), {"node", "update", "--label-add", "after=failover", "node-3"});
    EXPECT_TRUE(file_shows(
        [](const auto& n) {
            return label_of(n, "node-3", "__meta_swarm_node_label_after") == "failover";
        },
        20s))
        << daemon->err();
    EXPECT_NE(daemon->err().find("msg=\"master failed\" master=" + engine(1).socket),
              std::string::npos)
        << daemon->err();
}

}  // namespace
}  // namespace swarmsd
