#include <gtest/gtest.h>

#include <boost/asio/error.hpp>

#include "demo/fake_master.hpp"
#include "parser/errc.hpp"
#include "swarm/master/errc.hpp"
#include "swarm/master/poll_cycle.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/run_awaitable.hpp"
#include "tests/support/temp_dir.hpp"

namespace swarmsd::master {
namespace {

using namespace std::chrono_literals;
using testing::fake_master;

using testing::loopback_master;

cycle_result poll(const std::vector<master_url>& masters, rotation::master_ring& ring,
                  discovery_mode mode = discovery_mode::auto_detect,
                  fetch_options options = {.limits = {.timeout = 200ms}}) {
    auto clients = make_clients(masters, options);
    return testing::run_awaitable([&] { return poll_cycle(clients, ring, mode); });
}

const auto cluster = testing::small_swarm();

const auto good = testing::classic_info({{"n1", "10.0.0.1:2375"}, {"n2", "10.0.0.2:2375"}});

TEST(PollCycle, RotatesPastRefusedAndHangingMastersToAGoodOne) {
    fake_master hanging(testing::hang{});
    fake_master healthy(good);
    std::vector masters{loopback_master(testing::unused_port()), loopback_master(hanging.port()),
                        loopback_master(healthy.port())};
    rotation::master_ring ring(masters.size());
    auto cycle = poll(masters, ring);
    ASSERT_EQ(cycle.answered_by, 2u);
    EXPECT_EQ(cycle.found.nodes.size(), 2u);
    ASSERT_EQ(cycle.failures.size(), 2u);
    EXPECT_EQ(cycle.failures[0].master, 0u);
    EXPECT_EQ(cycle.failures[0].error, boost::asio::error::connection_refused);
    EXPECT_EQ(cycle.failures[1].master, 1u);
    EXPECT_EQ(cycle.failures[1].error, errc::timeout);
}

TEST(PollCycle, AnswersWithoutANodeTableAreFailuresToo) {
    fake_master server_error(testing::reply{500, "oops"});
    fake_master html(testing::reply{200, "<html>proxy error</html>", "text/html"});
    fake_master engine(testing::reply{200, R"({"DriverStatus":[["Backing Filesystem","extfs"]]})"});
    fake_master restarting(testing::reply{200, R"({"SystemStatus":[["Nodes","3"]]})"});
    std::vector masters{loopback_master(server_error.port()), loopback_master(html.port()),
                        loopback_master(engine.port()), loopback_master(restarting.port())};
    rotation::master_ring ring(masters.size());
    auto cycle = poll(masters, ring);
    EXPECT_FALSE(cycle.answered_by);
    ASSERT_EQ(cycle.failures.size(), 4u);
    EXPECT_EQ(cycle.failures[0].error.message(), "HTTP 500 Internal Server Error");
    EXPECT_EQ(cycle.failures[1].error, parser::errc::not_json);
    EXPECT_EQ(cycle.failures[2].error, parser::errc::no_node_table);
    EXPECT_EQ(cycle.failures[3].error, parser::errc::incomplete_node_table);
}

TEST(PollCycle, StaysWithTheMasterThatAnswered) {
    fake_master first(testing::reply{503, ""});
    fake_master second(good);
    std::vector masters{loopback_master(first.port()), loopback_master(second.port())};
    rotation::master_ring ring(masters.size());
    EXPECT_EQ(poll(masters, ring).answered_by, 1u);
    first.set(good);
    auto again = poll(masters, ring);
    EXPECT_EQ(again.answered_by, 1u);
    EXPECT_TRUE(again.failures.empty());
    EXPECT_EQ(first.requests(), 1u);  // not asked again while the second answers
    EXPECT_EQ(second.requests(), 2u);
}

TEST(PollCycle, AsksEachMasterOnlyOncePerCycle) {
    fake_master a(testing::reply{500, ""});
    fake_master b(testing::reply{500, ""});
    std::vector masters{loopback_master(a.port()), loopback_master(b.port())};
    rotation::master_ring ring(masters.size());
    auto cycle = poll(masters, ring);
    EXPECT_FALSE(cycle.answered_by);
    EXPECT_EQ(a.requests(), 1u);
    EXPECT_EQ(b.requests(), 1u);
}

TEST(PollCycle, RotatesPastAWorkerALockedManagerAndALoneEngineToAManager) {
    fake_master worker(testing::reply{}), locked(testing::reply{}), alone(testing::reply{}),
        manager(testing::reply{});
    testing::make_engine(worker, testing::engine_role::worker, {});
    testing::make_engine(locked, testing::engine_role::locked, {});
    testing::make_engine(alone, testing::engine_role::not_in_swarm, {});
    testing::make_engine(manager, testing::engine_role::manager, cluster);
    std::vector masters{loopback_master(worker.port()), loopback_master(locked.port()),
                        loopback_master(alone.port()), loopback_master(manager.port())};
    rotation::master_ring ring(masters.size());
    auto cycle = poll(masters, ring);
    ASSERT_EQ(cycle.answered_by, 3u);
    EXPECT_EQ(cycle.found.mode, parser::cluster_mode::swarm_mode);
    ASSERT_EQ(cycle.found.nodes.size(), 3u);
    EXPECT_EQ(cycle.found.nodes[0].address,
              "10.20.0.11");                         // 0.0.0.0 replaced by the manager address
    EXPECT_EQ(cycle.found.nodes[2].status, "down");  // down and drained nodes are listed
    ASSERT_EQ(cycle.failures.size(), 3u);
    EXPECT_EQ(cycle.failures[0].error.message(), "not a swarm manager: the engine is a worker");
    EXPECT_EQ(cycle.failures[1].error, parser::errc::swarm_locked);
    EXPECT_EQ(cycle.failures[2].error, parser::errc::not_in_swarm);
    // The worker was told apart from its /info: its /nodes was never asked.
    EXPECT_EQ(worker.targets(), std::vector<std::string>{"/v1.24/info"});
    EXPECT_EQ(manager.targets(), (std::vector<std::string>{"/v1.24/info", "/v1.24/nodes"}));
}

TEST(PollCycle, ANodeListAnswering503IsNotAManager) {
    fake_master demoted(testing::reply{});
    testing::make_engine(demoted, testing::engine_role::manager, cluster);
    demoted.set_nodes(testing::reply{503, R"({"message":"This node is not a swarm manager."})"});
    std::vector masters{loopback_master(demoted.port())};
    rotation::master_ring ring(masters.size());
    auto cycle = poll(masters, ring);
    EXPECT_FALSE(cycle.answered_by);
    ASSERT_EQ(cycle.failures.size(), 1u);
    EXPECT_EQ(cycle.failures[0].error, parser::errc::not_a_manager);
}

TEST(PollCycle, AnEngineThatRefusesTheApiVersionIsAskedUnversionedFromThenOn) {
    fake_master engine29(testing::reply{});
    testing::make_engine(engine29, testing::engine_role::manager, cluster);
    engine29.refuse_versioned_paths(true);
    std::vector masters{loopback_master(engine29.port())};
    rotation::master_ring ring(masters.size());
    auto cycle = poll(masters, ring);
    ASSERT_EQ(cycle.answered_by, 0u);
    EXPECT_EQ(cycle.found.nodes.size(), 3u);
    // Once refused, never asked again: an Engine 29 costs one refused request, not one a request.
    EXPECT_EQ(engine29.targets(), (std::vector<std::string>{"/v1.24/info", "/info", "/nodes"}));
}

TEST(PollCycle, AnHttp400ThatPersistsUnversionedIsAFailure) {
    fake_master broken(testing::reply{400, R"({"message":"bad request"})"});
    std::vector masters{loopback_master(broken.port())};
    rotation::master_ring ring(masters.size());
    auto cycle = poll(masters, ring);
    ASSERT_EQ(cycle.failures.size(), 1u);
    EXPECT_EQ(cycle.failures[0].error.message(), "HTTP 400 Bad Request");
    EXPECT_EQ(broken.targets(),
              (std::vector<std::string>{"/v1.24/info", "/info"}));  // once, not in a loop
}

TEST(PollCycle, ModeForcingRefusesTheOtherKindOfMaster) {
    fake_master classic(good);
    fake_master manager(testing::reply{});
    testing::make_engine(manager, testing::engine_role::manager, cluster);
    std::vector masters{loopback_master(classic.port()), loopback_master(manager.port())};

    rotation::master_ring swarm_ring(masters.size());
    auto swarm_only = poll(masters, swarm_ring, discovery_mode::swarm_mode);
    EXPECT_EQ(swarm_only.answered_by, 1u);
    ASSERT_EQ(swarm_only.failures.size(), 1u);
    EXPECT_EQ(swarm_only.failures[0].error, parser::errc::not_in_swarm);

    std::vector reversed{masters[1], masters[0]};
    rotation::master_ring classic_ring(reversed.size());
    auto classic_only = poll(reversed, classic_ring, discovery_mode::classic);
    EXPECT_EQ(classic_only.answered_by, 1u);
    EXPECT_EQ(classic_only.found.mode, parser::cluster_mode::classic);
    ASSERT_EQ(classic_only.failures.size(), 1u);
    EXPECT_EQ(classic_only.failures[0].error, parser::errc::no_node_table);
}

TEST(PollCycle, AsksAManagerOverAUnixSocket) {
    testing::temp_dir dir;
    auto path = (dir.path() / "docker.sock").string();
    fake_master manager(testing::reply{}, testing::unix_listener{path});
    testing::make_engine(manager, testing::engine_role::manager, cluster);
    std::vector masters{config::parse_master_url("unix://" + path)};
    rotation::master_ring ring(masters.size());
    auto cycle = poll(masters, ring);
    ASSERT_EQ(cycle.answered_by, 0u)
        << (cycle.failures.empty() ? "" : cycle.failures[0].error.message());
    EXPECT_EQ(cycle.found.nodes.size(), 3u);
}

TEST(PollCycle, AMissingSocketIsAFailureThatRotates) {
    testing::temp_dir dir;
    fake_master healthy(good);
    std::vector masters{config::parse_master_url("unix://" + (dir.path() / "absent.sock").string()),
                        loopback_master(healthy.port())};
    rotation::master_ring ring(masters.size());
    auto cycle = poll(masters, ring);
    EXPECT_EQ(cycle.answered_by, 1u);
    ASSERT_EQ(cycle.failures.size(), 1u);
    EXPECT_EQ(cycle.failures[0].error, boost::system::errc::no_such_file_or_directory);
}

}  // namespace
}  // namespace swarmsd::master

namespace swarmsd::master {
namespace {

TEST(PollCycle, AnAnswerListingMoreThanMaxNodesIsAFailureOfEitherKind) {
    fake_master classic(testing::classic_info(
        {{"a", "10.0.0.1:2375"}, {"b", "10.0.0.2:2375"}, {"c", "10.0.0.3:2375"}}));
    fake_master manager(testing::reply{});
    testing::make_engine(manager, testing::engine_role::manager, testing::small_swarm());
    fake_master small(testing::classic_info({{"a", "10.0.0.1:2375"}, {"b", "10.0.0.2:2375"}}));
    std::vector masters{loopback_master(classic.port()), loopback_master(manager.port()),
                        loopback_master(small.port())};
    rotation::master_ring ring(masters.size());
    auto cycle = poll(masters, ring, discovery_mode::auto_detect,
                      {.limits = {.timeout = 2s, .max_nodes = 2}});
    ASSERT_EQ(cycle.failures.size(), 2u);
    EXPECT_EQ(cycle.failures[0].error, errc::too_many_nodes);
    EXPECT_EQ(cycle.failures[1].error, errc::too_many_nodes);
    EXPECT_EQ(cycle.answered_by, 2u) << "exactly the limit is allowed";
}

}  // namespace
}  // namespace swarmsd::master
