// The discovery loop: triggers coalesced into cycles, the event streams it follows and their
// faults; and the reporter that logs cycles and streams.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdio>
#include <cstdlib>
#include <functional>

#include "demo/fake_master.hpp"
#include "parser/errc.hpp"
#include "swarm/master/cycle_reporter.hpp"
#include "swarm/master/discovery_loop.hpp"
#include "swarm/master/errc.hpp"

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
    std::vector<std::string> stream_log;  ///< "opened 0", "lost 0: ...", "unavailable 1: ..."
    std::unique_ptr<discovery_loop> loop;

    loop_under_test(std::vector<master_url> masters, std::chrono::milliseconds timeout,
                    bool events = true) {
        stream_events on{
            [this](std::size_t m) { stream_log.push_back("opened " + std::to_string(m)); },
            [this](std::size_t m, boost::system::error_code why) {
                stream_log.push_back("lost " + std::to_string(m) + ": " + why.message());
            },
            [this](std::size_t m, boost::system::error_code why) {
                stream_log.push_back("unavailable " + std::to_string(m) + ": " + why.message());
            },
            {}};
        // A refresh interval no test waits for: every cycle after the first has a trigger.
        loop = std::make_unique<discovery_loop>(io.get_executor(), std::move(masters),
                                                discovery_mode::auto_detect,
                                                fetch_options{.limits = {.timeout = timeout}}, 1h,
                                                event_settings{.enabled = events}, std::move(on));
        net::co_spawn(io, loop->run([this](const cycle_result&, auto, const auto& why) {
            cycles.push_back(why);
        }),
                      net::detached);
    }

    // Runs the loop until `done()` or `limit`; false on the limit.
    bool run_until(const std::function<bool()>& done, std::chrono::milliseconds limit = 5s) {
        auto end = std::chrono::steady_clock::now() + limit;
        while (!done()) {
            if (std::chrono::steady_clock::now() > end) return false;
            io.run_one_for(10ms);
        }
        return true;
    }
    // Runs the loop for `d`, whatever happens.
    void run_for(std::chrono::milliseconds d) {
        run_until([] { return false; }, d);
    }
    bool logged(const std::string& line) const {
        return std::find(stream_log.begin(), stream_log.end(), line) != stream_log.end();
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

// What a reporter logs for a run of cycles.
std::vector<std::string> messages_for(const std::function<void(cycle_reporter&)>& act,
                                      cycle_reporter::style how) {
    char* buffer = nullptr;
    std::size_t size = 0;
    std::FILE* out = open_memstream(&buffer, &size);
    {
        telemetry::logger log(telemetry::log_level::info, telemetry::log_format::logfmt, out);
        cycle_reporter reporter({"http://m1:4000", "http://m2:4000"}, log, how);
        act(reporter);
    }
    std::fclose(out);
    std::string text(buffer, size);
    std::free(buffer);
    std::vector<std::string> lines;
    for (std::size_t start = 0, end; (end = text.find('\n', start)) != std::string::npos;
         start = end + 1) {
        auto line = text.substr(start, end - start);
        lines.push_back(line.substr(line.find(" level=") + 1));  // without the time
    }
    return lines;
}

std::vector<std::string> messages_for(const std::vector<cycle_result>& cycles,
                                      cycle_reporter::style how) {
    return messages_for(
        [&](cycle_reporter& r) {
            for (const auto& c : cycles) r.report(c);
        },
        how);
}

const cycle_result m1_answers{0, {}, {}};
const cycle_result m2_answers{1, {}, {{0, boost::asio::error::connection_refused}}};
const cycle_result none_answers{
    std::nullopt, {}, {{0, boost::asio::error::connection_refused}, {1, errc::timeout}}};

TEST(CycleReporter, ADaemonLogsChangesOfStateOnly) {
    struct row {
        const char* name;
        std::vector<cycle_result> cycles;
        std::vector<std::string> lines;
    };
    const row rows[] = {
        {"steady",
         {m1_answers, m1_answers, m1_answers},
         {"level=info msg=\"polling master\" master=http://m1:4000 mode=classic"}},
        {"failover once, then sticky",
         {m2_answers, m2_answers},
         {"level=warn msg=\"master failed\" master=http://m1:4000 err=\"Connection refused\"",
          "level=info msg=\"polling master\" master=http://m2:4000 mode=classic"}},
        {"outage and recovery",
         {m1_answers, none_answers, none_answers, m1_answers},
         {"level=info msg=\"polling master\" master=http://m1:4000 mode=classic",
          "level=warn msg=\"master failed\" master=http://m1:4000 err=\"Connection refused\"",
          "level=warn msg=\"master failed\" master=http://m2:4000 err=\"timed out\"",
          "level=error msg=\"no master answered; keeping the last good targets\"",
          "level=info msg=\"master answering again\" master=http://m1:4000",
          "level=info msg=\"discovery recovered\" master=http://m1:4000"}},
    };
    for (const auto& r : rows)
        EXPECT_EQ(messages_for(r.cycles, cycle_reporter::style::changes), r.lines) << r.name;
}

TEST(CycleReporter, OneShotSaysEveryFailureErrorsOnlyWhenNoneAnswered) {
    EXPECT_EQ(messages_for({m2_answers}, cycle_reporter::style::one_shot),
              (std::vector<std::string>{"level=warn msg=\"master failed, rotated to the next\" "
                                        "master=http://m1:4000 err=\"Connection refused\""}));
    EXPECT_EQ(
        messages_for({none_answers}, cycle_reporter::style::one_shot),
        (std::vector<std::string>{
            "level=error msg=\"master failed\" master=http://m1:4000 err=\"Connection refused\"",
            "level=error msg=\"master failed\" master=http://m2:4000 err=\"timed out\""}));
}

TEST(CycleReporter, AStreamIsLoggedWhenItOpensWhenItIsLostAndWhenThereIsNone) {
    auto refused = boost::system::error_code(boost::asio::error::connection_refused);
    auto lines = messages_for(
        [&](cycle_reporter& r) {
            r.stream_opened(0);
            r.stream_lost(0, parser::errc::not_json);
            r.stream_unavailable(0, refused);  // reconnecting fails: said already
            r.stream_unavailable(0, refused);
            r.stream_opened(0);
            r.stream_unavailable(1, boost::system::error_code(404, http_status_category()));
            r.stream_unavailable(1, boost::system::error_code(404, http_status_category()));
        },
        cycle_reporter::style::changes);
    EXPECT_EQ(lines,
              (std::vector<std::string>{
                  "level=info msg=\"event stream open; listing on each node change\" "
                  "master=http://m1:4000",
                  "level=warn msg=\"event stream lost; reconnecting, and polling meanwhile\" "
                  "master=http://m1:4000 err=\"answer is not JSON\"",
                  "level=info msg=\"event stream open; listing on each node change\" "
                  "master=http://m1:4000",
                  "level=info msg=\"no event stream from this master; polling only\" "
                  "master=http://m2:4000 err=\"HTTP 404 Not Found\""}));
}

}  // namespace
}  // namespace swarmsd::master
