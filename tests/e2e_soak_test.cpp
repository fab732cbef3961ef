// Soak: the built daemon through thousands of poll cycles against masters flapping between good
// answers and every fault of the fault matrix, and through thousands of node events on streams
// that are dropped and reopened again and again. Open file descriptors, sockets and resident
// memory (from /proc) must not grow, and the file must always be a whole, good version.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <fstream>
#include <thread>

#include "demo/fake_cluster.hpp"
#include "demo/fake_master.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/file_sd_reading.hpp"
#include "tests/support/http_get.hpp"
#include "tests/support/master_faults.hpp"
#include "tests/support/metrics_text.hpp"
#include "tests/support/proc_status.hpp"
#include "tests/support/swarm_sd_daemon.hpp"
#include "tests/support/temp_dir.hpp"

namespace swarmsd {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using testing::fake_master;

#ifdef SWARMSD_SANITIZED
// The -O0 ASan build is slower; there the soak is mostly about memory errors and leaks
// (LeakSanitizer at exit), and the plain build does the thousands.
constexpr double cycles_wanted = 1000;
constexpr int stream_drops = 15;
#else
constexpr double cycles_wanted = 3000;
constexpr int stream_drops = 40;
#endif

// The smallest of each reading over `window`: what the process holds at rest, not mid-request.
testing::proc_status settled(pid_t pid, std::chrono::milliseconds window) {
    auto least = testing::read_proc_status(pid);
    for (auto until = std::chrono::steady_clock::now() + window;
         std::chrono::steady_clock::now() < until;) {
        auto now = testing::read_proc_status(pid);
        least.open_fds = std::min(least.open_fds, now.open_fds);
        least.sockets = std::min(least.sockets, now.sockets);
        least.rss_kib = std::min(least.rss_kib, now.rss_kib);
        std::this_thread::sleep_for(5ms);
    }
    return least;
}

// What a daemon holds at rest after a soak is what it held before: descriptors and sockets
// within the one request that may be in flight, resident memory within 4 MiB; and it exits
// cleanly (under LeakSanitizer in the sanitized build).
void expect_nothing_grew(const testing::proc_status& baseline, const testing::proc_status& end,
                         testing::child_process& daemon) {
    EXPECT_LE(end.open_fds, baseline.open_fds + 1);
    EXPECT_LE(end.sockets, baseline.sockets + 1);
#ifndef SWARMSD_SANITIZED  // ASan's quarantine holds freed memory on purpose
    EXPECT_LE(end.rss_kib, baseline.rss_kib + 4 * 1024) << "resident memory grew";
#endif
    daemon.send(SIGTERM);
    EXPECT_EQ(daemon.wait_for(10s), 0) << "exit (LeakSanitizer reports leaks at exit)";
}

TEST(Soak, ThousandsOfCyclesAgainstFlappingMastersLeakNothing) {
    fake_master lure(testing::classic_info({{"lure", "10.9.9.9:2375"}}));
    auto faults = testing::every_master_fault(lure.url());
    // Each flapping master answers request after request: a fault, then a few good answers (which
    // change the targets), then the next fault, round and round. Stepping per request, not per
    // unit of time, makes every fault happen in every round, however slow the build.
    std::vector<testing::single_behaviour> turns;
    std::vector<std::string> dead;
    for (std::size_t i = 0; i < faults.size(); ++i) {
        if (!faults[i].dead_url.empty()) {
            dead.push_back(faults[i].dead_url);
            continue;
        }
        std::visit(
            [&](const auto& fault) {
                if constexpr (std::is_constructible_v<testing::single_behaviour, decltype(fault)>)
                    turns.push_back(fault);
            },
            faults[i].info);
        for (int good = 0; good < 5; ++good) {
            turns.push_back(testing::classic_info(
                {{"a", "10.0.0.1:2375"}, {"n" + std::to_string(good), "10.0.1.1:2375"}}));
        }
    }
    auto turns_of_two = turns;  // the same faults, in another order than the first master's
    std::rotate(turns_of_two.begin(), turns_of_two.begin() + 7 * 6, turns_of_two.end());
    auto good = testing::classic_info({{"a", "10.0.0.1:2375"}, {"n0", "10.0.1.1:2375"}});
    fake_master one(testing::in_turn{turns});
    fake_master two(testing::in_turn{turns_of_two});
    testing::temp_dir dir;
    auto file = dir.path() / "swarm.json";
    // Listings only: an event stream's connection would take turns meant for the listings (a
    // close_at_once turn is decided at accept time), and streams have tests of their own.
    auto daemon = testing::start_web_daemon({"--output.file", file.string(), "--refresh-interval",
                                             "1ms", "--timeout", "250ms", "--events=false",
                                             "--master", one.url(), "--master", dead[0], "--master",
                                             two.url(), "--master", dead[1]});
    ASSERT_NE(daemon.port, 0);
    auto pid = daemon.process->pid();

    auto cycles = [&] {
        return testing::sample(testing::metrics_of(daemon.port),
                               "swarm_sd_poll_duration_seconds_count");
    };
    // What the daemon holds between requests: measured while both masters answer well, once a
    // few cycles have finished since they turned good, so that any slow request has ended (a
    // 100,000-row answer takes seconds to parse in the -O0 sanitized build).
    auto at_rest = [&] {
        one.set(good);
        two.set(good);
        auto resting_from = cycles();
        EXPECT_TRUE(testing::eventually([&] { return cycles() >= resting_from + 5; }, 60s));
        std::this_thread::sleep_for(200ms);
        auto state = settled(pid, 1s);
        one.set(testing::in_turn{turns});
        two.set(testing::in_turn{turns_of_two});
        return state;
    };
    // Warm up: a round of every fault on each master, then the baseline.
    ASSERT_TRUE(testing::eventually(
        [&] { return one.requests() >= turns.size() && two.requests() >= turns.size(); }, 60s));
    auto baseline = at_rest();
    // The kinds of failure that have not happened yet.
    auto not_seen_yet = [&] {
        auto metrics = testing::metrics_of(daemon.port);
        std::string missing;
        for (auto reason : {"refused", "dns", "timeout", "closed", "http_status", "not_json",
                            "no_node_table", "too_many_nodes", "body_too_large"}) {
            double seen = 0;
            for (const auto& master : {one.url(), two.url(), dead[0], dead[1]}) {
                seen += std::max(
                    0.0, testing::sample(metrics, "swarm_sd_poll_failures_total{master=\"" +
                                                      master + "\",reason=\"" + reason + "\"}"));
            }
            if (seen == 0) missing += std::string(reason) + " ";
        }
        return missing;
    };
    auto start_cycles = cycles();
    auto deadline = std::chrono::steady_clock::now() + 100s;
    while (cycles() < start_cycles + cycles_wanted) {
        ASSERT_LT(std::chrono::steady_clock::now(), deadline)
            << "too few cycles: " << cycles() - start_cycles;
        auto text = std::ifstream(file) ? testing::http_get(daemon.port, "/targets") : std::nullopt;
        if (text) {
            ASSERT_FALSE(json::parse(text->body).as_array().empty());
        }
        std::this_thread::sleep_for(50ms);
    }
    EXPECT_EQ(not_seen_yet(), "") << "these kinds of failure never happened";
    auto end = at_rest();

    std::printf(
        "%.0f cycles, %zu and %zu rounds of every fault; fds %zu -> %zu, sockets %zu -> %zu, RSS "
        "%zu -> %zu KiB\n",
        cycles() - start_cycles, one.requests() / turns.size(), two.requests() / turns.size(),
        baseline.open_fds, end.open_fds, baseline.sockets, end.sockets, baseline.rss_kib,
        end.rss_kib);
    // The daemon polls one master at a time, every millisecond even at rest: one connection may be
    // open at any look (seen in the slower sanitized build). A leak grows by one per failure, so
    // thousands of cycles would show hundreds.
    expect_nothing_grew(baseline, end, *daemon.process);
}

// Rounds of a hundred node events (updates, a node removed, one added), each round ended by
// dropping the stream: every event is a fetch, every drop a reopen and a full listing.
TEST(Soak, ThousandsOfEventsOnDroppedStreamsLeakNothingAndTheFileEndsRight) {
    testing::fake_cluster swarm(testing::numbered_swarm_nodes(200));
    testing::temp_dir dir;
    auto file = dir.path() / "swarm.json";
    auto daemon = testing::start_web_daemon({"--output.file", file.string(), "--refresh-interval",
                                             "5m", "--master", swarm.master().url()});
    ASSERT_NE(daemon.port, 0);
    auto pid = daemon.process->pid();
    auto metric = [&](const std::string& series) {
        return testing::sample(testing::metrics_of(daemon.port), series);
    };
    auto url = swarm.master().url();
    auto reconnects = [&] {
        return metric("swarm_sd_event_stream_reconnects_total{master=\"" + url + "\"}");
    };
    // The file is what a listing of the cluster now says, byte for byte.
    auto file_is_right = [&] {
        auto printed = testing::run_swarm_sd({"--print", "--master", url});
        return testing::eventually([&] { return testing::read_if_exists(file) == printed.out; },
                                   20s);
    };
    auto listings = [&] {
        return metric("swarm_sd_polls_total{master=\"" + url +
                      "\",result=\"success\",trigger=\"event\"}");
    };
    auto fetches = [&] {
        return metric("swarm_sd_node_fetches_total{master=\"" + url + "\",result=\"updated\"}");
    };
    double fetched_so_far = 0;
    int next_node = 1000;
    auto round = [&](int r) {
        swarm.remove(static_cast<std::size_t>(r) % 150);
        for (int k = 0; k < 98; ++k) {
            swarm.update(static_cast<std::size_t>((r * 98 + k) * 7) % 199, [&](auto& n) {
                n.availability = n.availability == "active" ? "drain" : "active";
            });
        }
        swarm.add({.hostname = "new-" + std::to_string(++next_node), .addr = "10.77.0.1"});
        // Fetched before the stream drops (a drop's listing would answer for them).
        if (!testing::eventually([&] { return fetches() >= fetched_so_far + 99; }, 30s))
            return false;
        fetched_so_far = fetches();
        auto before = reconnects();
        auto listed = listings();
        swarm.master().end_event_streams();
        // Listed when the stream was lost, reopened, and listed again once it was open (what
        // the next round's events would be answered by, had they come before that began).
        return testing::eventually(
            [&] { return reconnects() > before && listings() >= listed + 2; }, 30s);
    };
    ASSERT_TRUE(testing::eventually([&] { return swarm.master().open_event_streams() == 1; }, 30s));
    for (int r = 0; r < 3; ++r) {
        ASSERT_TRUE(round(r)) << "warm-up round " << r << ": " << fetches() << " fetches\n"
                              << daemon.process->err();
    }
    ASSERT_TRUE(file_is_right());
    auto baseline = settled(pid, 1s);
    auto fetches_before = fetches();
    for (int r = 3; r < 3 + stream_drops; ++r) ASSERT_TRUE(round(r)) << "round " << r;
    ASSERT_TRUE(file_is_right()) << "every change of every round is in the file";
    auto end = settled(pid, 1s);
    auto fetched = fetches() - fetches_before;
    std::printf("%d stream drops, %.0f node fetches; fds %zu -> %zu, RSS %zu -> %zu KiB\n",
                stream_drops, fetched, baseline.open_fds, end.open_fds, baseline.rss_kib,
                end.rss_kib);
    EXPECT_GE(fetched, 99.0 * stream_drops) << "each update and each new node a fetch";
    expect_nothing_grew(baseline, end, *daemon.process);
}

}  // namespace
}  // namespace swarmsd
