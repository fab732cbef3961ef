// What an operator meets in the first hour, run as the operator runs it: the built binary.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>

#include "demo/fake_master.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/http_get.hpp"
#include "tests/support/temp_dir.hpp"

namespace swarmsd {
namespace {

using namespace std::chrono_literals;
using testing::fake_master;

std::size_t lines_in(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(FirstHour, AnOutputFileThatCannotBeIsRefusedAtStart) {
    testing::temp_dir dir;
    fake_master master(testing::classic_info({{"a", "10.0.0.1:2375"}}));
    struct row {
        std::string path;
        std::string says;
    };
    const row rows[] = {
        {dir.path().string(), "is a directory"},
        {(dir.path() / "missing" / "swarm.json").string(),
         "directory " + (dir.path() / "missing").string() + " does not exist"},
    };
    for (const auto& r : rows) {
        auto run = testing::run_swarm_sd({"--master", master.url(), "--output.file", r.path});
        EXPECT_EQ(run.exit_code, 2) << r.path << "\n" << run.err;
        EXPECT_EQ(lines_in(run.err), 1u) << run.err;
        EXPECT_NE(run.err.find("--output.file " + r.path + ": " + r.says), std::string::npos)
            << run.err;
    }
}

TEST(FirstHour, AStrayWordIsRefused) {
    auto run = testing::run_swarm_sd({"bogus-word", "--version"});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(run.err,
              "swarm-sd: unexpected argument \"bogus-word\": swarm-sd takes flags only (see "
              "swarm-sd --help)\n");
}

TEST(FirstHour, HealthcheckNamesTheAddressItAsked) {
    auto port = std::to_string(testing::unused_port());
    auto run = testing::run_swarm_sd({"--healthcheck", "--web.listen-address", ":" + port});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_NE(run.out.find("unhealthy: no answer from http://127.0.0.1:" + port + "/healthz: "),
              std::string::npos)
        << run.out;
}

TEST(FirstHour, TheEnginesOwnWordsAreLogged) {
    fake_master lost_quorum(
        testing::reply{500, R"({"message":"The swarm does not have a leader. \u001b[31m"})"});
    auto run = testing::run_swarm_sd({"--print", "--master", lost_quorum.url()});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_NE(run.err.find("err=\"HTTP 500 Internal Server Error: The swarm does not have a "
                           "leader.  [31m\""),
              std::string::npos)
        << run.err;
}

TEST(FirstHour, DebugSaysWhatEachPollGotAndJsonLogsWriteNumbersAsNumbers) {
    testing::temp_dir dir;
    fake_master master(testing::classic_info({{"a", "10.0.0.1:2375"}, {"b", "10.0.0.2:2375"}}));
    testing::child_process daemon(
        testing::swarm_sd_binary(),
        {"--master", master.url(), "--output.file", (dir.path() / "swarm.json").string(),
         "--web.listen-address", "", "--log.level", "debug", "--log.format", "json",
         "--refresh-interval", "100ms"});
    ASSERT_TRUE(testing::eventually([&] {
        return daemon.err().find("\"msg\":\"polled\"") != std::string::npos &&
               daemon.err().find("\"msg\":\"targets updated\"") != std::string::npos;
    })) << daemon.err();
    daemon.send(SIGTERM);
    daemon.wait_for(5s);
    bool polled = false, updated = false;
    auto text = daemon.err();
    for (std::size_t start = 0, end; (end = text.find('\n', start)) != std::string::npos;
         start = end + 1) {
        auto line = boost::json::parse(text.substr(start, end - start)).as_object();
        if (line.at("msg") == "polled" && !polled) {
            polled = true;
            EXPECT_EQ(line.at("level"), "debug");
            EXPECT_EQ(line.at("master"), master.url().c_str());
            EXPECT_EQ(line.at("nodes").as_int64(), 2);
            EXPECT_GT(line.at("bytes").as_int64(), 100);
            EXPECT_TRUE(line.at("seconds").is_number());
        }
        if (line.at("msg") == "targets updated" && !updated) {
            updated = true;
            EXPECT_EQ(line.at("nodes").as_int64(), 2);
            EXPECT_EQ(line.at("targets").as_int64(), 3);
        }
    }
    EXPECT_TRUE(polled && updated) << text;
}

// A container whose user is not in the socket's group: the log says which group to add.
TEST(FirstHour, ASocketSwarmSdMayNotOpenNamesTheGroupThatMay) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to run swarm-sd as another user";
    testing::temp_dir dir;
    ::chmod(dir.path().c_str(), 0755);
    auto socket = (dir.path() / "docker.sock").string();
    fake_master master(testing::classic_info({{"a", "10.0.0.1:2375"}}),
                       testing::unix_listener{socket});
    ::chown(socket.c_str(), 0, 4242);
    ::chmod(socket.c_str(), 0660);
    testing::child_process run("/usr/bin/setpriv", {"--reuid=65534", "--regid=65534",
                                                    "--clear-groups", testing::swarm_sd_binary(),
                                                    "--print", "--master", "unix://" + socket});
    EXPECT_EQ(run.wait_for(20s), 1) << run.err();
    EXPECT_NE(run.err().find("err=\"Permission denied: " + socket +
                             " belongs to group 4242: run swarm-sd in that group (docker run "
                             "--group-add 4242; compose and stack: DOCKER_GID=4242)\""),
              std::string::npos)
        << run.err();
}

}  // namespace
}  // namespace swarmsd

namespace swarmsd {
namespace {

using namespace std::chrono_literals;

// In a container the daemon is PID 1 and the image's HEALTHCHECK runs `swarm-sd --healthcheck`
// beside it, without the daemon's flags. Here as there: the daemon is PID 1 of a PID namespace of
// its own (with its own /proc), configured by flags only, and the health check runs inside it.
TEST(FirstHour, TheImagesHealthcheckChecksADaemonConfiguredByFlags) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root for a PID namespace";
    testing::fake_master master(testing::classic_info({{"a", "10.0.0.1:2375"}}));
    testing::temp_dir dir;
    auto port = std::to_string(testing::unused_port());
    testing::child_process container(
        "/usr/bin/unshare",
        {"--pid", "--fork", "--mount-proc", "--kill-child", testing::swarm_sd_binary(), "--master",
         master.url(), "--output.file", (dir.path() / "swarm.json").string(),
         "--web.listen-address", "127.0.0.1:" + port, "--refresh-interval", "1s"});
    // The daemon's pid outside the namespace: unshare's only child.
    std::string daemon_pid;
    ASSERT_TRUE(testing::eventually([&] {
        std::ifstream children("/proc/" + std::to_string(container.pid()) + "/task/" +
                               std::to_string(container.pid()) + "/children");
        return static_cast<bool>(children >> daemon_pid);
    })) << container.err();
    testing::run_result check;
    ASSERT_TRUE(testing::eventually([&] {
        testing::child_process inside(
            "/usr/bin/nsenter",
            {"-t", daemon_pid, "-p", "-m", testing::swarm_sd_binary(), "--healthcheck"});
        auto code = inside.wait_for(10s);
        check = {code.value_or(-1), inside.out(), inside.err()};
        return check.exit_code == 0 && check.out.starts_with("ok: last good poll");
    })) << check.out
        << check.err << container.err();
    EXPECT_NE(check.out.find("ok: last good poll"), std::string::npos) << check.out;
    ::kill(std::stoi(daemon_pid), SIGTERM);
    EXPECT_EQ(container.wait_for(5s), 0);
}

}  // namespace
}  // namespace swarmsd

namespace swarmsd {
namespace {

using namespace std::chrono_literals;

// True when this host can connect to [::1] at all (a listener of our own on it).
bool ipv6_loopback_works() {
    int fd = ::socket(AF_INET6, SOCK_STREAM, 0);
    if (fd < 0) return false;
    sockaddr_in6 address{};
    address.sin6_family = AF_INET6;
    address.sin6_addr = in6addr_loopback;
    bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return ok;
}

// GET /healthz on [::1]:port; the HTTP status, or 0.
unsigned ipv6_health_status(std::uint16_t port) {
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket socket(io);
    boost::system::error_code ec;
    socket.connect({boost::asio::ip::address_v6::loopback(), port}, ec);
    if (ec) return 0;
    std::string request = "GET /healthz HTTP/1.0\r\nHost: [::1]\r\n\r\n";
    boost::asio::write(socket, boost::asio::buffer(request), ec);
    std::string answer(64, '\0');
    auto n = socket.read_some(boost::asio::buffer(answer), ec);
    answer.resize(n);
    return answer.starts_with("HTTP/1.0 200") || answer.starts_with("HTTP/1.1 200") ? 200 : 1;
}

// `:PORT`, the default's form, is every interface, IPv6 and IPv4 alike, as node_exporter's.
TEST(FirstHour, ColonPortListensOnIpv4AndIpv6) {
    if (!ipv6_loopback_works()) GTEST_SKIP() << "no IPv6 loopback here";
    testing::fake_master master(testing::classic_info({{"a", "10.0.0.1:2375"}}));
    testing::temp_dir dir;
    auto port = testing::unused_port();
    testing::child_process daemon(
        testing::swarm_sd_binary(),
        {"--master", master.url(), "--output.file", (dir.path() / "swarm.json").string(),
         "--web.listen-address", ":" + std::to_string(port)});
    ASSERT_TRUE(testing::eventually([&] {
        auto v4 = testing::http_get(port, "/healthz");
        return v4 && v4->status == 200;
    })) << daemon.err();
    EXPECT_EQ(ipv6_health_status(port), 200u) << daemon.err();
}

}  // namespace
}  // namespace swarmsd
