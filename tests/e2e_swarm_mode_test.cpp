// swarm-sd against swarm-mode Docker Engines (fake ones on 127.0.0.1 and on a unix socket), run as
// a user runs it.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <csignal>

#include "demo/fake_master.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/proc_status.hpp"
#include "tests/support/test_data.hpp"

namespace swarmsd {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using testing::engine_role;
using testing::fake_master;

// Listed out of name order, so that the output's sorting shows.
const std::vector<testing::swarm_node> cluster = [] {
    auto nodes = testing::small_swarm();
    std::swap(nodes[0], nodes[2]);
    return nodes;
}();

std::unique_ptr<fake_master> engine(engine_role role,
                                    const std::vector<testing::swarm_node>& nodes = cluster) {
    auto master = std::make_unique<fake_master>(testing::reply{});
    testing::make_engine(*master, role, nodes);
    return master;
}

std::vector<std::string> targets_of(const json::array& groups) {
    std::vector<std::string> out;
    for (const auto& g : groups) out.emplace_back(g.at("targets").at(0).as_string());
    return out;
}

TEST(SwarmMode, PrintRotatesPastAWorkerToAManagerAndListsItsNodes) {
    auto worker = engine(engine_role::worker);
    auto manager = engine(engine_role::manager);
    auto run = testing::run_swarm_sd({"--print", "--master", worker->url(), "--master",
                                      manager->url(), "--label", "cluster=prod"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    auto groups = json::parse(run.out).as_array();
    // No master groups in swarm mode; nodes sorted by name; the 0.0.0.0 manager at its manager
    // address.
    EXPECT_EQ(targets_of(groups),
              (std::vector<std::string>{"10.20.0.11:8070", "10.20.0.21:8070", "10.20.0.22:8070"}));
    const auto& mgr = groups[0].at("labels");
    EXPECT_EQ(mgr.at("__meta_swarm_role"), "node");
    EXPECT_EQ(mgr.at("__meta_swarm_node_role"), "manager");
    EXPECT_EQ(mgr.at("__meta_swarm_node_manager_leader"), "true");
    EXPECT_EQ(mgr.at("__meta_swarm_node_address"), "10.20.0.11");
    EXPECT_EQ(mgr.at("__meta_swarm_node_label_com_example_zone"), "eu-1a");
    EXPECT_EQ(mgr.at("__meta_swarm_node_engine_label_storage_tier"), "ssd");
    EXPECT_EQ(mgr.at("cluster"), "prod");
    const auto& down = groups[2].at("labels");
    EXPECT_EQ(down.at("__meta_swarm_node_status"), "down");
    EXPECT_EQ(down.at("__meta_swarm_node_availability"), "drain");
    EXPECT_EQ(down.at("__meta_swarm_node_error"), "heartbeat failure");
    EXPECT_NE(run.err.find("master=" + worker->url() +
                           " err=\"not a swarm manager: the engine is a worker\""),
              std::string::npos)
        << run.err;
}

TEST(SwarmMode, PrintAgainstOnlyAWorkerExitsOneSayingItIsNotAManager) {
    auto worker = engine(engine_role::worker);
    auto run = testing::run_swarm_sd({"--print", "--master", worker->url()});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_EQ(run.out, "");
    EXPECT_NE(run.err.find("level=error msg=\"master failed\" master=" + worker->url() +
                           " err=\"not a swarm manager: the engine is a worker\""),
              std::string::npos)
        << run.err;
}

TEST(SwarmMode, PrintOverAUnixSocket) {
    testing::temp_dir dir;
    auto socket = (dir.path() / "docker.sock").string();
    fake_master manager(testing::reply{}, testing::unix_listener{socket});
    testing::make_engine(manager, engine_role::manager, cluster);
    auto run = testing::run_swarm_sd({"--print", "--master", "unix://" + socket});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(targets_of(json::parse(run.out).as_array()).size(), 3u);
    EXPECT_EQ(run.err, "");
}

TEST(SwarmMode, ModeForcingRefusesTheOtherKindAndComesFromTheEnvironmentToo) {
    auto manager = engine(engine_role::manager);
    fake_master classic(testing::classic_info({{"node-a", "10.0.0.11:2375"}}));

    auto classic_only = testing::run_swarm_sd({"--print", "--master", manager->url()},
                                              {{"SWARM_SD_MODE", "classic"}});
    EXPECT_EQ(classic_only.exit_code, 1);
    EXPECT_NE(classic_only.err.find("err=\"answer has no node table\""), std::string::npos)
        << classic_only.err;

    auto swarm_only =
        testing::run_swarm_sd({"--print", "--mode", "swarm", "--master", classic.url()});
    EXPECT_EQ(swarm_only.exit_code, 1);
    EXPECT_NE(swarm_only.err.find("not a swarm manager"), std::string::npos) << swarm_only.err;

    auto automatic = testing::run_swarm_sd({"--print", "--master", classic.url()});
    ASSERT_EQ(automatic.exit_code, 0) << automatic.err;
    EXPECT_EQ(targets_of(json::parse(automatic.out).as_array()),
              (std::vector<std::string>{"127.0.0.1:8070", "10.0.0.11:8070"}));
}

TEST(SwarmMode, DaemonFollowsNodesLeavingTheSwarm) {
    testing::temp_dir dir;
    auto file = dir.path() / "swarm.json";
    auto manager = engine(engine_role::manager);
    testing::child_process daemon(
        testing::swarm_sd_binary(),
        {"--output.file", file.string(), "--master", manager->url(), "--refresh-interval", "1h",
         "--web.listen-address", "127.0.0.1:0"});
    auto listed = [&](std::size_t n) {
        return testing::eventually([&] {
            if (!std::filesystem::exists(file)) return false;
            boost::system::error_code ec;
            auto value = json::parse(testing::read_file(file), ec);
            return !ec && value.is_array() && value.as_array().size() == n;
        });
    };
    ASSERT_TRUE(listed(3)) << daemon.err();
    testing::make_engine(*manager, engine_role::manager, {cluster[1], cluster[2]});
    daemon.send(SIGHUP);
    EXPECT_TRUE(listed(2)) << daemon.err();
    EXPECT_NE(daemon.err().find("msg=\"polling master\" master=" + manager->url() + " mode=swarm"),
              std::string::npos)
        << daemon.err();
    daemon.send(SIGTERM);
    EXPECT_EQ(daemon.wait_for(5s), 0);
}

// 16 MiB of the smallest entries a /nodes answer can hold are 700,000 nodes: a node costs
// hundreds of bytes, so reading them all before counting them would take gigabytes. Reading stops
// at the first node over --max-nodes, and memory stays within the bound the README states.
TEST(SwarmMode, AFloodOfTinyNodesIsRefusedAtMaxNodesWithinTheMemoryBound) {
    std::string flood = "[";
    for (std::size_t i = 0; flood.size() + 64 < 16u * 1024 * 1024; ++i) {
        flood += fmt::format(R"({{"ID":"n{}","Status":{{"Addr":"10.{}.{}.{}"}}}},)", i,
                             i >> 16 & 255, i >> 8 & 255, i & 255);
    }
    flood.back() = ']';
    auto manager = engine(engine_role::manager);
    manager->set_nodes(testing::reply{200, flood});
    testing::child_process daemon(testing::swarm_sd_binary(),
                                  {"--master", manager->url(), "--refresh-interval", "200ms",
                                   "--web.listen-address", "127.0.0.1:0", "--log.level", "debug"});
    ASSERT_TRUE(testing::eventually([&] {
        return daemon.err().find("more nodes than --max-nodes") != std::string::npos;
    })) << daemon.err();
    // A few more polls of it.
    auto polls = manager->requests();
    ASSERT_TRUE(testing::eventually([&] { return manager->requests() >= polls + 6; }));
#ifndef SWARMSD_SANITIZED  // ASan's shadow memory and quarantine are not swarm-sd's to bound
    auto status = testing::read_proc_status(daemon.pid());
    constexpr std::size_t bound_kib = (32 + 3 * 16) * 1024;  // --max-body-size's default: 16 MiB
    EXPECT_LT(status.peak_rss_kib, bound_kib);
#endif
    daemon.send(SIGTERM);
    EXPECT_EQ(daemon.wait_for(5s), 0);
}

}  // namespace
}  // namespace swarmsd
