#include <gtest/gtest.h>

#include <boost/asio/error.hpp>

#include "parser/errc.hpp"
#include "swarm/errc.hpp"
#include "swarm/poll_cycle.hpp"
#include "tests/fake_master/fake_master.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/run_awaitable.hpp"

namespace swarmsd::swarm {
namespace {

using namespace std::chrono_literals;
using testing::fake_master;

master_url loopback(std::uint16_t port) { return {"http://127.0.0.1:" + std::to_string(port), "127.0.0.1", port, ""}; }

cycle_result poll(const std::vector<master_url>& masters, rotation::master_ring& ring) {
    return testing::run_awaitable([&] { return poll_cycle(masters, ring, discovery_mode::auto_detect, {.timeout = 200ms}); });
}

const auto good = testing::classic_info({{"n1", "10.0.0.1:2375"}, {"n2", "10.0.0.2:2375"}});

TEST(PollCycle, RotatesPastRefusedAndHangingMastersToAGoodOne) {
    fake_master hanging(testing::hang{});
    fake_master healthy(good);
    std::vector masters{loopback(testing::unused_port()), loopback(hanging.port()), loopback(healthy.port())};
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
    std::vector masters{loopback(server_error.port()), loopback(html.port()), loopback(engine.port()),
                        loopback(restarting.port())};
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
    std::vector masters{loopback(first.port()), loopback(second.port())};
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
    std::vector masters{loopback(a.port()), loopback(b.port())};
    rotation::master_ring ring(masters.size());
    auto cycle = poll(masters, ring);
    EXPECT_FALSE(cycle.answered_by);
    EXPECT_EQ(a.requests(), 1u);
    EXPECT_EQ(b.requests(), 1u);
}

}  // namespace
}  // namespace swarmsd::swarm
