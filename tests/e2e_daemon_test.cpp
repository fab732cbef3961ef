// Runs the built swarm-sd as a daemon, as a user would, against fake masters on 127.0.0.1.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <csignal>
#include <fstream>
#include <thread>

#include "demo/fake_cluster.hpp"
#include "demo/fake_master.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/file_sd_reading.hpp"
#include "tests/support/metrics_text.hpp"
#include "tests/support/swarm_sd_daemon.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_data.hpp"

namespace swarmsd {
namespace {

using namespace std::chrono_literals;
using testing::fake_master;

using testing::look_at;
using testing::node_names;

class Daemon : public ::testing::Test {
  protected:
    testing::temp_dir dir;
    std::filesystem::path file = dir.path() / "swarm.json";

    std::unique_ptr<testing::child_process> start(std::vector<std::string> masters,
                                                  std::string interval = "100ms") {
        std::vector<std::string> args{
            "--output.file", file.string(), "--refresh-interval",   interval,
            "--timeout",     "200ms",       "--web.listen-address", "127.0.0.1:0"};
        for (auto& m : masters) args.insert(args.end(), {"--master", m});
        return std::make_unique<testing::child_process>(testing::swarm_sd_binary(), args);
    }

    bool file_lists(const std::vector<std::string>& names) {
        return testing::eventually([&] {
            auto state = look_at(file);
            return state && node_names(state->text) == names;
        });
    }

    void stop(testing::child_process& daemon) {
        auto asked = std::chrono::steady_clock::now();
        daemon.send(SIGTERM);
        EXPECT_EQ(daemon.wait_for(5s), 0) << daemon.err();
        // The contract is "within a second"; the bound here is loose so a loaded CI box passes.
        EXPECT_LT(std::chrono::steady_clock::now() - asked, 3s);
        EXPECT_EQ(dir.entries(), std::vector<std::string>{"swarm.json"})
            << "a temp file was left behind";
    }
};

TEST_F(Daemon, WritesRewritesKeepsTheFileWhileMastersFailAndRecovers) {
    fake_master m1(testing::classic_info({{"a", "10.0.0.1:2375"}, {"b", "10.0.0.2:2375"}}));
    fake_master m2(testing::reply{503, ""});
    auto daemon = start({m1.url(), m2.url()});

    ASSERT_TRUE(file_lists({"a", "b"})) << daemon->err();
    auto first = look_at(file);
    EXPECT_EQ(first->text.back(), '\n');

    m1.set(testing::classic_info(
        {{"a", "10.0.0.1:2375"}, {"b", "10.0.0.2:2375"}, {"c", "10.0.0.3:2375"}}));
    ASSERT_TRUE(file_lists({"a", "b", "c"})) << daemon->err();

    // Every master fails in its own way: the file keeps content, inode and mtime.
    auto before_outage = *look_at(file);
    m1.set(testing::reply{500, "boom"});
    m2.set(testing::reply{200, R"({"SystemStatus":[["Role","primary"],["Nodes","3"]]})"});
    auto polls_before = m1.requests() + m2.requests();
    ASSERT_TRUE(
        testing::eventually([&] { return m1.requests() + m2.requests() >= polls_before + 8; }));
    EXPECT_TRUE(*look_at(file) == before_outage);

    m2.set(testing::classic_info({{"d", "10.0.0.4:2375"}}));
    ASSERT_TRUE(file_lists({"d"})) << daemon->err();

    auto log = daemon->err();
    EXPECT_NE(log.find("msg=\"no master answered; keeping the last good targets\""),
              std::string::npos)
        << log;
    EXPECT_NE(log.find("msg=\"discovery recovered\""), std::string::npos) << log;
    stop(*daemon);
}

TEST_F(Daemon, LogsAMasterThatStaysDownOnceNotEveryPoll) {
    fake_master down(testing::reply{500, ""});
    fake_master up(testing::classic_info({{"a", "10.0.0.1:2375"}}));
    auto daemon = start({down.url(), up.url()});
    ASSERT_TRUE(file_lists({"a"}));
    // Sticky on `up`, so `down` is asked once; make `up` fail so both are asked every cycle.
    up.set(testing::reply{500, ""});
    ASSERT_TRUE(testing::eventually([&] { return down.requests() >= 6; }));
    stop(*daemon);
    auto log = daemon->err();
    EXPECT_EQ(testing::occurrences(log, "msg=\"master failed\" master=" + down.url()), 1u) << log;
}

TEST_F(Daemon, LeavesAnExistingFileAloneUntilTheFirstGoodPoll) {
    { std::ofstream(file) << "[\"from before the restart\"]\n"; }
    auto before = *look_at(file);
    fake_master master(testing::reply{500, ""});
    auto daemon = start({master.url()});
    ASSERT_TRUE(testing::eventually([&] { return master.requests() >= 3; }));
    EXPECT_TRUE(*look_at(file) == before);
    master.set(testing::classic_info({{"a", "10.0.0.1:2375"}}));
    ASSERT_TRUE(file_lists({"a"}));
    stop(*daemon);
}

TEST_F(Daemon, DoesNotRewriteAnIdenticalFileAfterARestart) {
    fake_master master(testing::classic_info({{"a", "10.0.0.1:2375"}}));
    auto first = start({master.url()});
    ASSERT_TRUE(file_lists({"a"}));
    stop(*first);
    auto written = *look_at(file);

    auto second = start({master.url()});
    auto seen = master.requests();
    ASSERT_TRUE(testing::eventually([&] { return master.requests() >= seen + 3; }));
    EXPECT_TRUE(*look_at(file) == written);
    stop(*second);
}

TEST_F(Daemon, SighupPollsAtOnce) {
    fake_master master(testing::classic_info({{"a", "10.0.0.1:2375"}}));
    auto daemon = start({master.url()}, "1h");
    ASSERT_TRUE(file_lists({"a"}));
    master.set(testing::classic_info({{"b", "10.0.0.2:2375"}}));
    daemon->send(SIGHUP);
    ASSERT_TRUE(file_lists({"b"})) << daemon->err();
    stop(*daemon);
}

TEST_F(Daemon, StopsPromptlyOnSigintEvenWhileAMasterHangs) {
    fake_master hanging(testing::hang{});
    std::vector<std::string> args{
        "--output.file", file.string(), "--timeout", "1h", "--web.listen-address", "",
        "--master",      hanging.url()};
    testing::child_process daemon(testing::swarm_sd_binary(), args);
    ASSERT_TRUE(testing::eventually([&] { return hanging.requests() >= 1; }));
    auto asked = std::chrono::steady_clock::now();
    daemon.send(SIGINT);
    EXPECT_EQ(daemon.wait_for(5s), 0);
    EXPECT_LT(std::chrono::steady_clock::now() - asked, 3s);
    EXPECT_FALSE(std::filesystem::exists(file));  // nothing good was ever polled: no file
}

}  // namespace
}  // namespace swarmsd

namespace swarmsd {
namespace {

using namespace std::chrono_literals;

// List, then watch: with a resync far away, a change the master announces on its event stream
// reaches the file at once; one the stream does not announce waits for the resync.
TEST(DaemonEvents, AnAnnouncedChangeReachesTheFileWithoutWaitingForTheResync) {
    testing::temp_dir dir;
    auto file = dir.path() / "swarm.json";
    testing::fake_master master(testing::classic_info({{"a", "10.0.0.1:2375"}}));
    master.set_events(testing::event_stream{});
    testing::child_process daemon(
        testing::swarm_sd_binary(),
        {"--master", master.url(), "--output.file", file.string(), "--refresh-interval", "5m",
         "--timeout", "500ms", "--web.listen-address", ""});
    ASSERT_TRUE(testing::eventually([&] {
        return daemon.err().find("msg=\"event stream open; following node changes\"") !=
               std::string::npos;
    })) << daemon.err();
    ASSERT_EQ(testing::node_names(testing::look_at(file)->text), std::vector<std::string>{"a"});

    master.set(testing::classic_info({{"a", "10.0.0.1:2375"}, {"b", "10.0.0.2:2375"}}));
    auto announced = std::chrono::steady_clock::now();
    master.send_event(
        R"({"status":"engine_connect","id":"","from":"swarm","Type":"swarm",)"
        R"("Action":"engine_connect","Actor":{"ID":"","Attributes":{"node.name":"b"}}})");
    ASSERT_TRUE(testing::eventually([&] {
        auto state = testing::look_at(file);
        return state && testing::node_names(state->text) == std::vector<std::string>{"a", "b"};
    })) << daemon.err();
    // Loose, for a loaded CI machine: the resync is five minutes away.
    EXPECT_LT(std::chrono::steady_clock::now() - announced, 3s);

    master.end_event_streams();
    ASSERT_TRUE(testing::eventually([&] {
        return daemon.err().find(
                   "msg=\"event stream lost; reconnecting, and polling meanwhile\"") !=
               std::string::npos;
    })) << daemon.err();
    daemon.send(SIGTERM);
    EXPECT_EQ(daemon.wait_for(5s), 0);
}

TEST(DaemonEvents, AMasterWithoutAStreamIsPolledWithOneLogLine) {
    testing::temp_dir dir;
    auto file = dir.path() / "swarm.json";
    testing::fake_master master(testing::classic_info({{"a", "10.0.0.1:2375"}}));  // /events: 404
    testing::child_process daemon(
        testing::swarm_sd_binary(),
        {"--master", master.url(), "--output.file", file.string(), "--refresh-interval", "100ms",
         "--timeout", "500ms", "--web.listen-address", ""});
    master.set(testing::classic_info({{"a", "10.0.0.1:2375"}, {"b", "10.0.0.2:2375"}}));
    ASSERT_TRUE(testing::eventually([&] {
        auto state = testing::look_at(file);
        return state && testing::node_names(state->text) == std::vector<std::string>{"a", "b"};
    })) << daemon.err();
    std::this_thread::sleep_for(500ms);
    EXPECT_EQ(testing::occurrences(daemon.err(), "no event stream from this master; polling only"),
              1u)
        << daemon.err();
    daemon.send(SIGTERM);
    EXPECT_EQ(daemon.wait_for(5s), 0);
}

// Swarm mode: a node event costs that node. The file follows, the manager is asked for the one
// node, and the metrics and the debug log say so.
TEST(DaemonEvents, ASwarmModeChangeIsOneNodeFetchSeenInTheMetricsAndTheDebugLog) {
    testing::temp_dir dir;
    auto file = dir.path() / "swarm.json";
    testing::fake_cluster swarm(testing::small_swarm());
    auto url = swarm.master().url();
    auto daemon = testing::start_web_daemon({"--master", url, "--output.file", file.string(),
                                             "--refresh-interval", "5m", "--log.level", "debug"});
    ASSERT_NE(daemon.port, 0);
    ASSERT_TRUE(testing::eventually([&] { return swarm.master().open_event_streams() == 1; }));
    ASSERT_TRUE(testing::eventually([&] {
        return daemon.process->err().find("msg=\"event stream open; following node changes\"") !=
               std::string::npos;
    }));
    auto drained = [&] {
        auto state = testing::look_at(file);
        return state && state->text.find(R"("__meta_swarm_node_availability": "drain")") !=
                            std::string::npos;
    };
    auto before = testing::look_at(file)->text;
    ASSERT_EQ(testing::occurrences(before, R"("__meta_swarm_node_availability": "drain")"), 1u);
    swarm.update(1, [](auto& n) { n.availability = "drain"; });
    ASSERT_TRUE(testing::eventually([&] {
        return testing::occurrences(testing::look_at(file)->text, "drain") == 2;
    })) << daemon.process->err();
    EXPECT_TRUE(drained());

    auto metrics = testing::metrics_of(daemon.port);
    auto series = [&](const std::string& name, const std::string& labels) {
        return testing::sample(metrics, name + "{master=\"" + url + "\"," + labels + "}");
    };
    EXPECT_EQ(series("swarm_sd_node_fetches_total", "result=\"updated\""), 1);
    EXPECT_EQ(series("swarm_sd_node_fetches_total", "result=\"failed\""), 0);
    EXPECT_EQ(series("swarm_sd_polls_total", "result=\"success\",trigger=\"event\""), 0)
        << "no listing for it";
    EXPECT_EQ(series("swarm_sd_polls_total", "result=\"success\",trigger=\"timer\""), 1);
    EXPECT_GT(series("swarm_sd_bytes_received_total", "kind=\"node\""), 500);
    EXPECT_GT(series("swarm_sd_bytes_received_total", "kind=\"listing\""), 2000);
    EXPECT_GT(series("swarm_sd_bytes_received_total", "kind=\"events\""), 100);
    EXPECT_EQ(swarm.master().count_targets("/nodes/"), 1u);

    auto id = testing::swarm_node_id("wrk-1");
    EXPECT_NE(daemon.process->err().find("level=debug msg=event master=" + url +
                                         " type=node action=update node=" + id +
                                         " caused=\"node fetch\""),
              std::string::npos)
        << daemon.process->err();
    EXPECT_NE(daemon.process->err().find("level=debug msg=\"fetched nodes\""), std::string::npos);
    daemon.process->send(SIGTERM);
    EXPECT_EQ(daemon.process->wait_for(5s), 0);
}

}  // namespace
}  // namespace swarmsd
