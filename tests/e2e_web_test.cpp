// swarm-sd's own web server, as Prometheus, a health checker and an operator reach it.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>
#include <csignal>
#include <regex>

#include "demo/fake_master.hpp"
#include "tests/support/http_get.hpp"
#include "tests/support/metrics_text.hpp"
#include "tests/support/swarm_sd_daemon.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_data.hpp"

namespace swarmsd {
namespace {

using namespace std::chrono_literals;
using testing::eventually;
using testing::fake_master;
using testing::http_get;

using testing::metrics_of;
using testing::sample;

class Web : public ::testing::Test {
  protected:
    testing::temp_dir dir;
    std::filesystem::path file = dir.path() / "swarm.json";

    testing::web_daemon start(std::vector<std::string> masters,
                              std::vector<std::string> more = {}) {
        std::vector<std::string> args{"--output.file", file.string(), "--refresh-interval",
                                      "100ms",         "--timeout",   "200ms"};
        for (auto& m : masters) args.insert(args.end(), {"--master", m});
        args.insert(args.end(), more.begin(), more.end());
        auto d = testing::start_web_daemon(args);
        EXPECT_NE(d.port, 0) << d.process->err();
        return d;
    }

    // /targets answers 200 with exactly the file's bytes.
    bool targets_match_file(std::uint16_t port) {
        return eventually([&] {
            auto answer = http_get(port, "/targets");
            return answer && answer->status == 200 && std::filesystem::exists(file) &&
                   answer->body == testing::read_file(file);
        });
    }
};

TEST_F(Web, TargetsAre503UntilTheFirstGoodPollThenTheFileByteForByte) {
    fake_master master(testing::reply{500, "not yet"});
    auto d = start({master.url()});
    ASSERT_TRUE(eventually([&] { return master.requests() >= 2; }));

    auto before = http_get(d.port, "/targets");
    ASSERT_TRUE(before);
    EXPECT_EQ(before->status, 503u);
    EXPECT_NE(before->body.find("no good poll yet"), std::string::npos) << before->body;
    auto health = http_get(d.port, "/healthz");
    EXPECT_EQ(health->status, 200u);  // still within the threshold after the start
    EXPECT_TRUE(health->body.starts_with("ok: starting, no good poll yet")) << health->body;
    EXPECT_GE(sample(metrics_of(d.port), "swarm_sd_poll_failures_total{master=\"" + master.url() +
                                             "\",reason=\"http_status\"}"),
              2);

    master.set(testing::classic_info({{"a", "10.0.0.1:2375"}, {"b", "10.0.0.2:2375"}}));
    ASSERT_TRUE(targets_match_file(d.port)) << d.process->err();
    auto after = http_get(d.port, "/targets");
    EXPECT_EQ(after->content_type, "application/json");
    EXPECT_NE(after->body.find("\"10.0.0.2:8070\""), std::string::npos) << after->body;
    EXPECT_EQ(http_get(d.port, "/targets", "HEAD")->status, 200u);
    auto landing = http_get(d.port, "/", "GET");
    EXPECT_EQ(landing->status, 200u);  // the status page names the master and links the rest
    EXPECT_NE(landing->body.find(master.url() + " <span class=\"ok\">answered last</span>"),
              std::string::npos)
        << landing->body;
    EXPECT_NE(landing->body.find("<a href=\"targets\">targets</a>"), std::string::npos);
    EXPECT_EQ(http_get(d.port, "/nope", "GET")->status, 404u);
    EXPECT_EQ(http_get(d.port, "/targets", "POST")->status, 405u);
}

TEST_F(Web, KillingEveryMasterTurnsHealthzTo503WhileTargetsKeepServing) {
    auto m1 = std::make_unique<fake_master>(testing::classic_info({{"a", "10.0.0.1:2375"}}));
    auto m2 = std::make_unique<fake_master>(testing::classic_info({{"a", "10.0.0.1:2375"}}));
    auto urls = std::vector<std::string>{m1->url(), m2->url()};
    auto d = start(urls, {"--health.stale-after", "600ms"});
    ASSERT_TRUE(targets_match_file(d.port)) << d.process->err();
    auto good = http_get(d.port, "/targets")->body;
    EXPECT_EQ(http_get(d.port, "/healthz")->status, 200u);

    m1.reset();  // both ports now refuse connections
    m2.reset();
    auto killed = std::chrono::steady_clock::now();
    ASSERT_TRUE(eventually([&] { return http_get(d.port, "/healthz")->status == 503; }))
        << d.process->err();
    EXPECT_GE(std::chrono::steady_clock::now() - killed, 400ms);  // not before the threshold
    auto health = http_get(d.port, "/healthz")->body;
    EXPECT_TRUE(health.starts_with("stale: last good poll ")) << health;
    for (const auto& url : urls) {
        EXPECT_NE(health.find(url + ": Connection refused"), std::string::npos) << health;
    }

    auto targets = http_get(d.port, "/targets");
    EXPECT_EQ(targets->status, 200u);
    EXPECT_EQ(targets->body, good);
    EXPECT_EQ(testing::read_file(file), good);

    auto metrics = metrics_of(d.port);
    for (const auto& url : urls) {
        EXPECT_GE(sample(metrics,
                         "swarm_sd_poll_failures_total{master=\"" + url + "\",reason=\"refused\"}"),
                  1)
            << metrics;
    }
    EXPECT_GT(sample(metrics, "swarm_sd_last_success_timestamp_seconds"), 1e9);
    auto log = d.process->err();
    EXPECT_NE(log.find("msg=\"no master answered; keeping the last good targets\""),
              std::string::npos)
        << log;
}

TEST_F(Web, ServesHttpSdWithoutAnyFile) {
    fake_master master(testing::classic_info({{"a", "10.0.0.1:2375"}}));
    auto d = testing::start_web_daemon({"--master", master.url(), "--refresh-interval", "100ms"});
    ASSERT_NE(d.port, 0) << d.process->err();
    ASSERT_TRUE(eventually([&] { return http_get(d.port, "/targets")->status == 200; }));
    auto groups = boost::json::parse(http_get(d.port, "/targets")->body).as_array();
    EXPECT_EQ(groups.size(), 2u);  // the master and node a
    EXPECT_NE(d.process->err().find("file=\"(none: /targets only)\""), std::string::npos);
    EXPECT_EQ(sample(metrics_of(d.port), "swarm_sd_file_writes_total"), 0);
}

TEST_F(Web, IdleAndSurplusClientsNeverStallPolling) {
    fake_master master(testing::classic_info({{"a", "10.0.0.1:2375"}}));
    auto d = start({master.url()}, {"--web.max-connections", "4", "--web.read-timeout", "500ms"});
    ASSERT_TRUE(targets_match_file(d.port));

    // Ten clients connect and say nothing; one sends half a request line and stops.
    boost::asio::io_context io;
    std::vector<boost::asio::ip::tcp::socket> idle;
    for (int i = 0; i < 10; ++i) {
        idle.emplace_back(io).connect({boost::asio::ip::make_address("127.0.0.1"), d.port});
    }
    boost::asio::write(idle.front(), boost::asio::buffer(std::string("GET /metr")));

    // The poller goes on regardless: a node that joins shows up in the file.
    master.set(testing::classic_info({{"a", "10.0.0.1:2375"}, {"b", "10.0.0.2:2375"}}));
    d.process->send(SIGHUP);
    ASSERT_TRUE(eventually([&] {
        return testing::read_file(file).find("10.0.0.2:8070") != std::string::npos;
    })) << d.process->err();

    // Past the read deadline the stalled clients are gone and the server answers again.
    ASSERT_TRUE(eventually([&] {
        auto answer = http_get(d.port, "/healthz");
        return answer && answer->status == 200;
    })) << d.process->err();
    auto log = d.process->err();
    EXPECT_NE(
        log.find("msg=\"too many web clients; closing new connections until one ends\" max=4"),
        std::string::npos)
        << log;
    EXPECT_NE(log.find("msg=\"web clients below the limit again\""), std::string::npos) << log;
}

TEST_F(Web, HealthcheckCommandExitsWithTheDaemonsHealth) {
    auto master = std::make_unique<fake_master>(testing::classic_info({{"a", "10.0.0.1:2375"}}));
    auto d = start({master->url()}, {"--health.stale-after", "300ms"});
    ASSERT_TRUE(targets_match_file(d.port));
    // As a Docker HEALTHCHECK runs it: no --master, the daemon's address from the environment.
    auto check = [&] {
        return testing::run_swarm_sd({"--healthcheck"}, {{"SWARM_SD_WEB_LISTEN_ADDRESS",
                                                          "127.0.0.1:" + std::to_string(d.port)}});
    };
    auto healthy = check();
    EXPECT_EQ(healthy.exit_code, 0) << healthy.err;
    EXPECT_TRUE(healthy.out.starts_with("ok: last good poll ")) << healthy.out;

    master.reset();
    testing::run_result stale;
    ASSERT_TRUE(eventually([&] { return (stale = check()).exit_code == 1; })) << stale.out;
    EXPECT_TRUE(stale.out.starts_with("stale: last good poll ")) << stale.out;

    auto nobody = testing::run_swarm_sd({"--healthcheck", "--web.listen-address",
                                         "127.0.0.1:" + std::to_string(testing::unused_port())});
    EXPECT_EQ(nobody.exit_code, 1);
    EXPECT_NE(nobody.out.find("unhealthy: no answer from http://127.0.0.1:"), std::string::npos)
        << nobody.out;
    EXPECT_NE(nobody.out.find("/healthz: Connection refused"), std::string::npos) << nobody.out;
}

// A container configured through the environment alone: its HEALTHCHECK runs `swarm-sd
// --healthcheck` in the same environment, and must read it as the daemon does (it once refused
// a --health.stale-after that was only shorter than the *default* refresh interval).
TEST_F(Web, HealthcheckReadsTheDaemonsWholeEnvironment) {
    fake_master master(testing::classic_info({{"a", "10.0.0.1:2375"}}));
    auto port = testing::unused_port();
    const std::map<std::string, std::string> env{
        {"SWARM_SD_MASTER", master.url()},
        {"SWARM_SD_REFRESH_INTERVAL", "2s"},
        {"SWARM_SD_HEALTH_STALE_AFTER", "6s"},
        {"SWARM_SD_WEB_LISTEN_ADDRESS", "127.0.0.1:" + std::to_string(port)}};
    testing::child_process daemon(testing::swarm_sd_binary(), {}, env);
    testing::run_result check;
    ASSERT_TRUE(eventually([&] {
        check = testing::run_swarm_sd({"--healthcheck"}, env);
        return check.exit_code == 0 && check.out.starts_with("ok: last good poll ");
    })) << check.err
        << check.out << daemon.err();
    EXPECT_TRUE(check.out.starts_with("ok: last good poll ")) << check.out;
    EXPECT_NE(check.out.find("(threshold 6s)"), std::string::npos) << check.out;
}

TEST_F(Web, MetricsDescribeTheProcess) {
    fake_master master(testing::classic_info({{"a", "10.0.0.1:2375"}}));
    auto d = start({master.url()});
    ASSERT_TRUE(targets_match_file(d.port));
    auto metrics = metrics_of(d.port);
    EXPECT_GT(sample(metrics, "process_resident_memory_bytes"), 1 << 20) << metrics;
    EXPECT_GE(sample(metrics, "process_open_fds"), 3) << metrics;
    EXPECT_GT(sample(metrics, "process_max_fds"), 0) << metrics;
    EXPECT_GE(sample(metrics, "process_cpu_seconds_total"), 0) << metrics;
    auto now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch());
    auto started = sample(metrics, "process_start_time_seconds");
    EXPECT_LE(started, now.count() + 1) << metrics;
    EXPECT_GT(started, now.count() - 60) << metrics;
}

TEST_F(Web, AnAddressInUseIsAClearErrorAtStart) {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor taken(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    auto address = "127.0.0.1:" + std::to_string(taken.local_endpoint().port());
    fake_master master(testing::classic_info({{"a", "10.0.0.1:2375"}}));
    auto run = testing::run_swarm_sd({"--master", master.url(), "--web.listen-address", address});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_NE(run.err.find("level=error msg=\"cannot listen for web clients\" address=" + address +
                           " err=\"Address already in use\""),
              std::string::npos)
        << run.err;
    EXPECT_EQ(master.requests(), 0u);  // it stopped before polling
}

TEST_F(Web, JsonLogsAreOneObjectPerLine) {
    fake_master up(testing::classic_info({{"a", "10.0.0.1:2375"}}));
    auto dead = "http://127.0.0.1:" + std::to_string(testing::unused_port());
    auto d = start({dead, up.url()}, {"--log.format", "json"});
    ASSERT_TRUE(targets_match_file(d.port));
    d.process->send(SIGTERM);
    ASSERT_EQ(d.process->wait_for(5s), 0);

    std::istringstream lines(d.process->err());
    std::vector<std::string> messages;
    for (std::string line; std::getline(lines, line);) {
        boost::system::error_code ec;
        auto value = boost::json::parse(line, ec);
        ASSERT_FALSE(ec) << line;
        const auto& object = value.as_object();
        for (auto key : {"ts", "level", "msg"}) ASSERT_TRUE(object.contains(key)) << line;
        auto msg = std::string(object.at("msg").as_string());
        messages.push_back(msg);
        if (msg == "master failed") {
            EXPECT_EQ(object.at("master").as_string(), dead);
            EXPECT_EQ(object.at("err").as_string(), "Connection refused");
            EXPECT_EQ(object.at("level").as_string(), "warn");
        }
    }
    for (auto expected :
         {"starting", "web server listening", "master failed", "targets updated", "stopping"}) {
        EXPECT_NE(std::find(messages.begin(), messages.end(), expected), messages.end())
            << expected;
    }
}

}  // namespace
}  // namespace swarmsd
