// The discovery loop: triggers coalesced into cycles, the event streams it follows and their
// faults, and what an event costs: one node fetched in swarm mode, a spaced listing in classic.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <optional>

#include "demo/classic_info_body.hpp"
#include "demo/fake_cluster.hpp"
#include "demo/fake_master.hpp"
#include "parser/errc.hpp"
#include "swarm/master/discovery_loop.hpp"
#include "swarm/master/errc.hpp"
#include "tests/support/run_awaitable.hpp"

namespace swarmsd::master {
namespace {

using namespace std::chrono_literals;
namespace net = boost::asio;
using testing::fake_master;

const std::string node_update =
    R"({"Type":"node","Action":"update","Actor":{"ID":"n1","Attributes":{"name":"n1"}}})";
const std::string container_start = R"({"Type":"container","Action":"start","Actor":{}})";

// A loop on its own io_context, run from the test's thread until something is seen.
struct loop_under_test {
    net::io_context io;
    std::vector<discovery_loop::cause> cycles;
    std::vector<cycle_result> results;    ///< what each cycle (or round of fetches) handed on
    std::vector<std::string> stream_log;  ///< "opened 0", "lost 0: ...", "unavailable 1: ..."
    std::vector<std::string> caused;      ///< what each event caused
    std::unique_ptr<discovery_loop> loop;

    loop_under_test(std::vector<master_url> masters, std::chrono::milliseconds timeout,
                    bool events = true)
        : loop_under_test(std::move(masters), timeout, event_settings{.enabled = events}) {}

    loop_under_test(std::vector<master_url> masters, std::chrono::milliseconds timeout,
                    event_settings events, std::chrono::milliseconds refresh = 1h,
                    std::vector<config::task_service> services = {},
                    std::chrono::milliseconds tasks_every = 1h) {
        stream_events on{
            [this](std::size_t m) { stream_log.push_back("opened " + std::to_string(m)); },
            [this](std::size_t m, boost::system::error_code why) {
                stream_log.push_back("lost " + std::to_string(m) + ": " + why.message());
            },
            [this](std::size_t m, boost::system::error_code why) {
                stream_log.push_back("unavailable " + std::to_string(m) + ": " + why.message());
            },
            {}};
        // By default a refresh interval no test waits for: every cycle after the first has a
        // trigger.
        loop = std::make_unique<discovery_loop>(
            io.get_executor(), std::move(masters), discovery_mode::auto_detect,
            fetch_options{.limits = {.timeout = timeout}}, refresh, events, std::move(on),
            [this](std::size_t, const parser::engine_event&, std::string_view what) {
                caused.emplace_back(what);
            });
        if (!services.empty()) loop->follow_tasks(std::move(services), tasks_every);
        net::co_spawn(io, loop->run([this](const cycle_result& c, auto, const auto& why) {
            cycles.push_back(why);
            results.push_back(c);
        }),
                      net::detached);
    }

    // Runs the loop until `done()` or `limit`; false on the limit.
    bool run_until(const std::function<bool()>& done, std::chrono::milliseconds limit = 5s) {
        return testing::run_io_until(io, done, limit);
    }
    // Runs the loop for `d`, whatever happens.
    void run_for(std::chrono::milliseconds d) {
        run_until([] { return false; }, d);
    }
    bool logged(const std::string& line) const {
        return std::find(stream_log.begin(), stream_log.end(), line) != stream_log.end();
    }
    // Full listings so far (not rounds of node fetches).
    std::size_t listings() const {
        return static_cast<std::size_t>(
            std::count_if(results.begin(), results.end(), [](const auto& r) { return !r.round; }));
    }
};

TEST(DiscoveryLoop, PollsAtOnceOnASignalAndMakesOneCycleOfSeveral) {
    fake_master master(testing::classic_info({{"n1", "10.0.0.1:2375"}}));
    loop_under_test t({testing::loopback_master(master.port())}, 2s);
    ASSERT_TRUE(t.run_until([&] { return t.cycles.size() == 1; }));
    for (int i = 0; i < 3; ++i) t.loop->poll_now();
    t.run_for(300ms);
    ASSERT_EQ(t.cycles.size(), 2u);
    EXPECT_EQ(t.cycles[0].trigger, trigger::timer);
    EXPECT_EQ(t.cycles[1].trigger, trigger::signal);
}

TEST(DiscoveryLoop, ABurstOfNodeEventsIsOneListingAndOtherEventsNone) {
    fake_master master(testing::classic_info({{"n1", "10.0.0.1:2375"}}));
    master.set_events(testing::event_stream{});
    loop_under_test t({testing::loopback_master(master.port())}, 2s);
    ASSERT_TRUE(t.run_until([&] { return t.logged("opened 0"); })) << master.requests();
    EXPECT_EQ(t.cycles.size(), 1u) << "the first open lists nothing again";
    master.send_event(container_start + "\n");
    t.run_for(200ms);
    EXPECT_EQ(t.cycles.size(), 1u) << "a container event changes no node";
    auto before = std::chrono::steady_clock::now();
    // Back to back, as a classic manager writes them; five events, one listing.
    master.send_event(node_update + node_update + node_update);
    master.send_event(node_update + "\n" + node_update);
    ASSERT_TRUE(t.run_until([&] { return t.cycles.size() == 2; }));
    t.run_for(200ms);
    ASSERT_EQ(t.cycles.size(), 2u);
    EXPECT_EQ(t.cycles[1].trigger, trigger::event);
    ASSERT_TRUE(t.cycles[1].first_event);
    EXPECT_GE(*t.cycles[1].first_event, before);
    auto targets = master.targets();
    EXPECT_EQ(std::count_if(targets.begin(), targets.end(),
                            [](const auto& s) { return s.find("/events") != s.npos; }),
              1);
}

TEST(DiscoveryLoop, AHealthyIdleStreamOutlivesTheRequestDeadline) {
    fake_master master(testing::classic_info({{"n1", "10.0.0.1:2375"}}));
    master.set_events(testing::event_stream{});
    loop_under_test t({testing::loopback_master(master.port())}, 150ms);
    ASSERT_TRUE(t.run_until([&] { return t.logged("opened 0"); }));
    t.run_for(600ms);  // four request deadlines of silence
    master.send_event(node_update + "\n");
    ASSERT_TRUE(t.run_until([&] { return t.cycles.size() == 2; }));
    EXPECT_EQ(t.stream_log, std::vector<std::string>{"opened 0"});
}

TEST(DiscoveryLoop, ALostStreamIsReopenedAndWhatItMissedIsListed) {
    fake_master master(testing::classic_info({{"n1", "10.0.0.1:2375"}}));
    master.set_events(testing::event_stream{});
    loop_under_test t({testing::loopback_master(master.port())}, 2s);
    ASSERT_TRUE(t.run_until([&] { return t.logged("opened 0"); }));
    master.end_event_streams();
    ASSERT_TRUE(t.run_until([&] { return t.stream_log.size() >= 3; }));
    EXPECT_TRUE(t.stream_log[1].starts_with("lost 0: ")) << t.stream_log[1];
    EXPECT_EQ(t.stream_log[2], "opened 0");
    ASSERT_TRUE(t.run_until([&] { return t.cycles.size() == 2; }));
    EXPECT_EQ(t.cycles[1].trigger, trigger::event);
}

TEST(DiscoveryLoop, StreamFaultsEndTheStreamAndNeverTheListing) {
    struct row {
        const char* name;
        std::string bytes;
        std::string lost_because;
    };
    const row rows[] = {
        {"garbage", "<html>bad gateway</html>", "answer is not JSON"},
        {"event too large", R"({"Type":"node","pad":")" + std::string(100'000, 'x'),
         "event too large"},
    };
    for (const auto& r : rows) {
        fake_master master(testing::classic_info({{"n1", "10.0.0.1:2375"}}));
        master.set_events(testing::event_stream{});
        loop_under_test t({testing::loopback_master(master.port())}, 2s);
        ASSERT_TRUE(t.run_until([&] { return t.logged("opened 0"); })) << r.name;
        master.send_event(r.bytes);
        ASSERT_TRUE(t.run_until([&] { return t.stream_log.size() >= 2; })) << r.name;
        EXPECT_EQ(t.stream_log[1], "lost 0: " + r.lost_because) << r.name;
        ASSERT_TRUE(t.run_until([&] { return t.logged("opened 0") && t.stream_log.size() >= 3; }))
            << r.name;
    }
}

TEST(DiscoveryLoop, AMasterWithoutAStreamIsPolledAndAHangingOneTimesOut) {
    struct row {
        testing::behaviour events;
        std::string unavailable;
    };
    const row rows[] = {
        {testing::reply{404, R"({"message":"page not found"})"},
         "unavailable 0: HTTP 404 Not Found"},
        {testing::hang{}, "unavailable 0: timed out"},
    };
    for (const auto& r : rows) {
        fake_master master(testing::classic_info({{"n1", "10.0.0.1:2375"}}));
        master.set_events(r.events);
        loop_under_test t({testing::loopback_master(master.port())}, 200ms);
        ASSERT_TRUE(t.run_until([&] { return !t.stream_log.empty(); }));
        EXPECT_EQ(t.stream_log[0], r.unavailable);
        t.loop->poll_now();
        ASSERT_TRUE(t.run_until([&] { return t.cycles.size() == 2; })) << "listing goes on";
    }
}

// A stream refused at the door (the master's socket gone as its engine stops, say) may mean the
// master is going: a listing finds out, and moves on to the next master if it is.
TEST(DiscoveryLoop, AStreamThatCannotBeOpenedForAnotherReasonThanAStatusCausesAListing) {
    fake_master m1(testing::classic_info({{"n1", "10.0.0.1:2375"}}));
    fake_master m2(testing::classic_info({{"n2", "10.0.0.2:2375"}}));
    m1.set_events(testing::garbage{"<html>bad gateway</html>"});
    m2.set_events(testing::event_stream{});
    loop_under_test t({testing::loopback_master(m1.port()), testing::loopback_master(m2.port())},
                      2s);
    ASSERT_TRUE(t.run_until([&] { return t.cycles.size() == 1; }));
    m1.set(testing::reply{500, R"({"message":"shutting down"})"});
    ASSERT_TRUE(t.run_until([&] { return t.logged("opened 1"); }));
    ASSERT_GE(t.results.size(), 2u);
    EXPECT_EQ(t.results[1].answered_by, 1u);
    EXPECT_EQ(t.cycles[1].trigger, trigger::event);
    EXPECT_TRUE(t.stream_log[0].starts_with("unavailable 0: ")) << t.stream_log[0];
}

TEST(DiscoveryLoop, EventsOffMeansNoStreamIsAskedFor) {
    fake_master master(testing::classic_info({{"n1", "10.0.0.1:2375"}}));
    master.set_events(testing::event_stream{});
    loop_under_test t({testing::loopback_master(master.port())}, 2s, /*events=*/false);
    ASSERT_TRUE(t.run_until([&] { return t.cycles.size() == 1; }));
    t.run_for(300ms);
    EXPECT_EQ(master.open_event_streams(), 0u);
    EXPECT_TRUE(t.stream_log.empty());
}

TEST(DiscoveryLoop, TheStreamMovesWithTheListingToTheNextMaster) {
    fake_master m1(testing::classic_info({{"n1", "10.0.0.1:2375"}}));
    fake_master m2(testing::classic_info({{"n1", "10.0.0.1:2375"}}));
    m1.set_events(testing::event_stream{});
    m2.set_events(testing::event_stream{});
    loop_under_test t({testing::loopback_master(m1.port()), testing::loopback_master(m2.port())},
                      2s);
    ASSERT_TRUE(t.run_until([&] { return t.logged("opened 0"); }));
    m1.set(testing::reply{500, R"({"message":"The swarm does not have a leader"})"});
    t.loop->poll_now();
    ASSERT_TRUE(t.run_until([&] { return t.logged("opened 1"); }));
    ASSERT_EQ(t.cycles.size(), 2u);
    m1.send_event(node_update + "\n");  // the old master's stream is no longer read
    t.run_for(200ms);
    EXPECT_EQ(t.cycles.size(), 2u);
    m2.send_event(node_update + "\n");
    ASSERT_TRUE(t.run_until([&] { return t.cycles.size() == 3; }));
    EXPECT_EQ(t.cycles[2].trigger, trigger::event);
}

// The node named `hostname` in what a cycle handed on, if it is there.
std::optional<parser::node> node_named(const cycle_result& r, const std::string& hostname) {
    for (const auto& n : r.found.nodes) {
        if (n.name == hostname) return n;
    }
    return std::nullopt;
}

TEST(DiscoveryLoop, ASwarmModeNodeChangeIsOneNodeFetchAndNoListing) {
    testing::fake_cluster swarm(testing::small_swarm());
    loop_under_test t({testing::loopback_master(swarm.master().port())}, 2s);
    ASSERT_TRUE(t.run_until([&] { return t.logged("opened 0"); }));
    swarm.update(1, [](auto& n) { n.availability = "drain"; });
    ASSERT_TRUE(t.run_until([&] { return t.results.size() == 2; }));
    t.run_for(200ms);
    ASSERT_EQ(t.results.size(), 2u) << "one change, one round";
    const auto& round = t.results[1];
    ASSERT_TRUE(round.round) << "a round of node fetches, not a listing";
    EXPECT_EQ(round.round->updated, 1u);
    EXPECT_EQ(t.cycles[1].trigger, trigger::event);
    EXPECT_FALSE(t.cycles[1].full);
    ASSERT_EQ(round.found.nodes.size(), 3u) << "the whole last listing, as the fetch left it";
    EXPECT_EQ(node_named(round, "wrk-1")->swarm_mode->availability, "drain");
    EXPECT_EQ(node_named(round, "mgr-1")->address, "10.20.0.11") << "the 0.0.0.0 trap, as listed";
    EXPECT_EQ(swarm.master().count_targets("/nodes/"), 1u);
    EXPECT_EQ(swarm.master().count_targets("/nodes") - 1, 1u) << "the first listing only";
    EXPECT_EQ(t.caused, std::vector<std::string>{"node fetch"});
}

TEST(DiscoveryLoop, EventsOfOneBurstFetchEachNodeOnce) {
    testing::fake_cluster swarm(testing::small_swarm());
    loop_under_test t({testing::loopback_master(swarm.master().port())}, 2s);
    ASSERT_TRUE(t.run_until([&] { return t.logged("opened 0"); }));
    for (int i = 0; i < 5; ++i)
        swarm.update(1, [i](auto& n) { n.state = i % 2 ? "down" : "ready"; });
    swarm.update(2, [](auto& n) { n.state = "ready"; });
    ASSERT_TRUE(t.run_until([&] { return t.results.size() == 2; }));
    t.run_for(200ms);
    ASSERT_EQ(t.results.size(), 2u);
    EXPECT_EQ(t.results[1].round->updated, 2u);
    EXPECT_EQ(swarm.master().count_targets("/nodes/"), 2u) << "six events, two nodes";
    EXPECT_EQ(node_named(t.results[1], "wrk-2")->status, "ready");
}

TEST(DiscoveryLoop, ARemoveEventOrA404TakesTheNodeOutAndACreateAddsIt) {
    testing::fake_cluster swarm(testing::small_swarm());
    loop_under_test t({testing::loopback_master(swarm.master().port())}, 2s);
    ASSERT_TRUE(t.run_until([&] { return t.logged("opened 0"); }));
    swarm.remove(2);
    ASSERT_TRUE(t.run_until([&] { return t.results.size() == 2; }));
    EXPECT_EQ(t.results[1].round->removed, 1u);
    EXPECT_FALSE(node_named(t.results[1], "wrk-2"));
    EXPECT_EQ(swarm.master().count_targets("/nodes/"), 0u) << "a remove is not asked about";

    // Gone without its own event; an update names it, and the manager says 404.
    auto gone = swarm.swarm_nodes()[1].hostname;
    swarm.remove(1, /*announce=*/false);
    swarm.master().send_event(testing::fake_cluster::node_event("update", gone));
    ASSERT_TRUE(t.run_until([&] { return t.results.size() == 3; }));
    EXPECT_EQ(t.results[2].round->gone, 1u);
    EXPECT_EQ(t.results[2].found.nodes.size(), 1u);

    swarm.add({.hostname = "wrk-9", .addr = "10.20.0.29"});
    ASSERT_TRUE(t.run_until([&] { return t.results.size() == 4; }));
    EXPECT_EQ(t.results[3].round->updated, 1u);
    EXPECT_EQ(node_named(t.results[3], "wrk-9")->address, "10.20.0.29");
    EXPECT_EQ(t.listings(), 1u) << "no listing for any of it";
}

TEST(DiscoveryLoop, AReopenedStreamListsInFull) {
    testing::fake_cluster swarm(testing::small_swarm());
    loop_under_test t({testing::loopback_master(swarm.master().port())}, 2s);
    ASSERT_TRUE(t.run_until([&] { return t.logged("opened 0"); }));
    swarm.master().end_event_streams();
    ASSERT_TRUE(t.run_until([&] { return t.listings() == 2; }));
    EXPECT_TRUE(t.cycles.back().full);
    EXPECT_EQ(t.cycles.back().trigger, trigger::event);
    EXPECT_EQ(swarm.master().count_targets("/nodes/"), 0u);
}

TEST(DiscoveryLoop, AFailingNodeFetchRotatesAndListsInFullFromTheNextMaster) {
    testing::fake_cluster m1(testing::small_swarm());
    testing::fake_cluster m2(testing::small_swarm());
    loop_under_test t({testing::loopback_master(m1.master().port()),
                       testing::loopback_master(m2.master().port())},
                      2s);
    ASSERT_TRUE(t.run_until([&] { return t.logged("opened 0"); }));
    m1.master().set_node_answers(
        testing::reply{500, R"({"message":"rpc error: code = Unknown desc = raft down"})"});
    m1.update(1, [](auto& n) { n.state = "down"; });
    m2.update(1, [](auto& n) { n.state = "down"; });
    ASSERT_TRUE(t.run_until([&] { return t.listings() == 2; }));
    ASSERT_EQ(t.results.size(), 3u) << "the failed round, then the listing";
    EXPECT_TRUE(t.results[1].round->failure);
    const auto& listing = t.results[2];
    EXPECT_EQ(listing.answered_by, 1u);
    ASSERT_EQ(listing.failures.size(), 1u) << "the fetch's failure counts for the first master";
    EXPECT_EQ(listing.failures[0].master, 0u);
    EXPECT_EQ(listing.failures[0].message(),
              "HTTP 500 Internal Server Error: rpc error: code = Unknown desc = raft down");
    EXPECT_EQ(m1.master().count_targets("/v1.24/nodes") - m1.master().count_targets("/nodes/"), 1u)
        << "the failing master is not listed again";
    EXPECT_EQ(node_named(listing, "wrk-1")->status, "down");
    EXPECT_TRUE(t.run_until([&] { return t.logged("opened 1"); })) << "the stream moves too";
}

TEST(DiscoveryLoop, AClassicStormIsSpacedAndItsLastChangeLands) {
    auto nodes = testing::numbered_nodes(40);
    testing::fake_cluster classic(nodes);
    // A storm of 20 changes, one every 60 ms: more apart than the 50 ms of quiet, so each would
    // be a listing of its own without the spacing.
    loop_under_test t({testing::loopback_master(classic.master().port())}, 2s,
                      event_settings{.spacing = 300ms});
    ASSERT_TRUE(t.run_until([&] { return t.logged("opened 0"); }));
    for (std::size_t i = 0; i < 20; ++i) {
        classic.move_engine(i, fmt::format("10.9.0.{}:2376", i));
        t.run_for(60ms);
    }
    auto last = fmt::format("10.9.0.{}:2376", 19);
    ASSERT_TRUE(t.run_until([&] {
        const auto& found = t.results.back().found.nodes;
        return std::any_of(found.begin(), found.end(),
                           [&](const auto& n) { return n.address == last; });
    })) << "the storm's last change is listed";
    auto storm_listings = t.listings() - 1;
    // 1.2 s of storm, one listing per 300 ms at most: 5, and the one after the storm.
    EXPECT_LE(storm_listings, 6u);
    EXPECT_GE(storm_listings, 2u);
    EXPECT_EQ(classic.master().count_targets("/info"), t.listings());
    EXPECT_EQ(t.caused.size(), 20u);
    EXPECT_EQ(t.caused.back(), "listing");
}

// The manager runs the global service `cadvisor` (ID `svc1`), with no tasks.
void serve_a_service(fake_master& master) {
    master.set_services(testing::reply{
        200, R"({"ID":"svc1","Spec":{"Name":"cadvisor","Mode":{"Global":{}}},"Endpoint":{}})"});
    master.set_tasks(testing::reply{200, "[]"});
}

TEST(DiscoveryLoop, TheTasksTimerGivesWayToTheResyncThatComesFirst) {
    testing::fake_cluster swarm(testing::small_swarm());
    serve_a_service(swarm.master());
    // Resync every 1 s, tasks every 0.7 s: tasks at 0.7 s, then the resync at 1 s, not at 1.7 s.
    loop_under_test t({testing::loopback_master(swarm.master().port())}, 2s,
                      event_settings{.enabled = false}, 1000ms, {{"cadvisor", 8080}}, 700ms);
    ASSERT_TRUE(t.run_until([&] { return t.listings() == 2; }, 1400ms))
        << t.results.size() << " cycles, of which listings: " << t.listings();
    ASSERT_EQ(t.results.size(), 3u);
    ASSERT_TRUE(t.results[1].round) << "the tasks' timer: a round, not a listing";
    EXPECT_TRUE(t.results[1].round->tasks_listed);
    EXPECT_EQ(t.cycles[2].trigger, trigger::timer);
    EXPECT_TRUE(t.cycles[2].full) << "the resync lists in full";
    EXPECT_EQ(swarm.master().count_targets("/tasks"), 3u) << "each cycle lists the tasks";
}

TEST(DiscoveryLoop, AServiceEventListsTheTasksAtOnceAndAgainAsTheyStart) {
    testing::fake_cluster swarm(testing::small_swarm());
    serve_a_service(swarm.master());
    // No timer in sight: what lists the tasks is the event, then its follow-ups at 1 s and 3 s.
    loop_under_test t({testing::loopback_master(swarm.master().port())}, 2s,
                      event_settings{.enabled = true}, 1h, {{"cadvisor", 8080}}, 1h);
    ASSERT_TRUE(t.run_until([&] { return t.logged("opened 0"); }));
    ASSERT_EQ(swarm.master().count_targets("/tasks"), 1u) << "the first listing";
    swarm.master().send_event(
        R"({"Type":"service","Action":"update","Actor":{"ID":"svc1","Attributes":{"name":"cadvisor"}}})"
        "\n");
    t.run_for(500ms);
    EXPECT_EQ(swarm.master().count_targets("/tasks"), 2u) << "the event: at once";
    t.run_for(3200ms);
    EXPECT_EQ(swarm.master().count_targets("/tasks"), 4u) << "then 1 s and 3 s after it";
    t.run_for(2000ms);
    EXPECT_EQ(swarm.master().count_targets("/tasks"), 4u) << "the next would be 7 s after it";
}

}  // namespace
}  // namespace swarmsd::master
