// The event follower: one master's stream at a time, opened within the deadline, read without
// one, reopened when it ends, and let go at once when it is no longer followed.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>

#include "demo/fake_cluster.hpp"
#include "demo/fake_master.hpp"
#include "swarm/master/event_stream.hpp"
#include "tests/support/run_awaitable.hpp"

namespace swarmsd::master {
namespace {

using namespace std::chrono_literals;
using testing::fake_master;

// A follower on its own io_context, and what it told.
struct follower_under_test {
    boost::asio::io_context io;
    std::vector<std::string> told;  ///< "opened 0", "lost 0: ...", "event node update <id>"
    event_follower follower{
        io.get_executor(), 1s,
        stream_events{[this](std::size_t m) { told.push_back(fmt("opened", m)); },
                      [this](std::size_t m, boost::system::error_code why) {
                          told.push_back(fmt("lost", m) + ": " + why.message());
                      },
                      [this](std::size_t m, boost::system::error_code why) {
                          told.push_back(fmt("unavailable", m) + ": " + why.message());
                      },
                      [this](std::size_t, const parser::engine_event& e) {
                          told.push_back("event " + e.type + " " + e.action + " " + e.actor_id);
                      }}};

    static std::string fmt(const char* what, std::size_t m) {
        return std::string(what) + " " + std::to_string(m);
    }
    bool run_until(const std::function<bool()>& done, std::chrono::milliseconds limit = 5s) {
        return testing::run_io_until(io, done, limit);
    }
    bool has(const std::string& line) const {
        return std::find(told.begin(), told.end(), line) != told.end();
    }
};

// A master with an event stream, its client, and a follower told to follow it.
class EventFollower : public ::testing::Test {
  protected:
    EventFollower() { master.set_events(testing::event_stream{}); }
    // Follows the master as a master of `mode`; false when its stream never opens.
    bool follow(parser::cluster_mode mode) {
        t.follower.follow(0, client, mode);
        return t.run_until([&] { return t.has("opened 0"); });
    }

    fake_master master{testing::reply{}};
    engine_client client{testing::loopback_master(master.port()), {.limits = {.timeout = 2s}}};
    follower_under_test t;
};

TEST_F(EventFollower, ReadsEveryEventOfTheFollowedMastersStream) {
    ASSERT_TRUE(follow(parser::cluster_mode::swarm_mode));
    master.send_event(testing::fake_cluster::node_event("update", "wrk-1"));
    auto id = testing::swarm_node_id("wrk-1");
    ASSERT_TRUE(t.run_until([&] { return t.has("event node update " + id); })) << t.told.back();
    // Swarm mode asks the Engine for node events only.
    EXPECT_EQ(master.targets().back(),
              "/v1.24/events?filters=%7B%22type%22%3A%5B%22node%22%2C%22service%22%5D%7D");
    EXPECT_GT(client.bytes_received(request_kind::events), 100u);
    EXPECT_EQ(client.bytes_received(request_kind::listing), 0u);
}

TEST_F(EventFollower, AfterStopNothingMoreIsReadOrReported) {
    ASSERT_TRUE(follow(parser::cluster_mode::classic));
    t.follower.stop();
    master.send_event(testing::fake_cluster::node_event("update", "wrk-1"));
    master.end_event_streams();
    t.run_until([] { return false; }, 500ms);
    EXPECT_EQ(t.told, std::vector<std::string>{"opened 0"}) << "no event, no loss, no reopening";
    EXPECT_EQ(master.count_targets("/events"), 1u);
}

TEST_F(EventFollower, AnEngineThatRefusesTheVersionIsFollowedUnversioned) {
    master.refuse_versioned_paths(true);
    ASSERT_TRUE(follow(parser::cluster_mode::classic));
    EXPECT_EQ(master.targets(), (std::vector<std::string>{"/v1.24/events", "/events"}));
}

TEST_F(EventFollower, AStreamThatEndsIsLostThenOpenedAgain) {
    ASSERT_TRUE(follow(parser::cluster_mode::classic));
    master.end_event_streams();
    ASSERT_TRUE(t.run_until([&] { return t.told.size() >= 3; }));
    EXPECT_EQ(t.told[1], "lost 0: end of stream");
    EXPECT_EQ(t.told[2], "opened 0");
}

}  // namespace
}  // namespace swarmsd::master
