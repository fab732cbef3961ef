// The discovery loop (triggers coalesced into cycles) and the reporter that logs cycles.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdio>
#include <cstdlib>

#include "swarm/master/cycle_reporter.hpp"
#include "swarm/master/discovery_loop.hpp"
#include "swarm/master/errc.hpp"
#include "tests/fake_master/fake_master.hpp"

namespace swarmsd::master {
namespace {

using namespace std::chrono_literals;
namespace net = boost::asio;
using testing::fake_master;

TEST(DiscoveryLoop, PollsAtOnceOnATriggerAndMakesOneCycleOfABurst) {
    fake_master master(testing::classic_info({{"n1", "10.0.0.1:2375"}}));
    net::io_context io;
    // A refresh interval no test waits for: every cycle after the first comes from a trigger.
    discovery_loop loop(io.get_executor(), {testing::loopback_master(master.port())},
                        discovery_mode::auto_detect, {.limits = {.timeout = 2s}}, 1h);
    std::vector<std::size_t> nodes_per_cycle;
    net::steady_timer step(io);
    net::co_spawn(io, loop.run([&](const cycle_result& cycle, auto) {
        nodes_per_cycle.push_back(cycle.found.nodes.size());
        if (nodes_per_cycle.size() == 1) {
            // Three triggers while the loop waits: one more cycle, not three.
            for (int i = 0; i < 3; ++i) loop.poll_now();
            step.expires_after(300ms);
            step.async_wait([&](auto) { io.stop(); });
        }
    }),
                  net::detached);
    io.run();
    EXPECT_EQ(nodes_per_cycle, (std::vector<std::size_t>{1, 1}));
    EXPECT_EQ(master.requests(), 2u);
}

TEST(DiscoveryLoop, ATriggerDuringACycleIsServedRightAfterIt) {
    fake_master master(testing::classic_info({{"n1", "10.0.0.1:2375"}}));
    net::io_context io;
    discovery_loop loop(io.get_executor(), {testing::loopback_master(master.port())},
                        discovery_mode::auto_detect, {.limits = {.timeout = 2s}}, 1h);
    int cycles = 0;
    net::steady_timer step(io);
    net::co_spawn(io, loop.run([&](const cycle_result&, auto) {
        if (++cycles == 1) {
            loop.poll_now();  // as if an event arrived while the answer was being read
            step.expires_after(300ms);
            step.async_wait([&](auto) { io.stop(); });
        }
    }),
                  net::detached);
    io.run();
    EXPECT_EQ(cycles, 2);
}

// What a reporter logs for a run of cycles.
std::vector<std::string> messages_for(const std::vector<cycle_result>& cycles,
                                      cycle_reporter::style how) {
    char* buffer = nullptr;
    std::size_t size = 0;
    std::FILE* out = open_memstream(&buffer, &size);
    {
        telemetry::logger log(telemetry::log_level::info, telemetry::log_format::logfmt, out);
        cycle_reporter reporter({"http://m1:4000", "http://m2:4000"}, log, how);
        for (const auto& c : cycles) reporter.report(c);
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

}  // namespace
}  // namespace swarmsd::master
