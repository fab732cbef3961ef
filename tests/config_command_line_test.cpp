#include <gtest/gtest.h>

#include "swarm/config/command_line.hpp"

namespace swarmsd::config {
namespace {

using namespace std::chrono_literals;
using env_t = std::map<std::string, std::string>;

settings parse(std::vector<std::string> args, const env_t& env = {}) {
    auto cmd = parse_command_line(args, env);
    EXPECT_EQ(cmd.what, command::action::run);
    return cmd.settings;
}

// The usage error's text, or "" when the arguments were accepted.
std::string error_of(std::vector<std::string> args, const env_t& env = {}) {
    try {
        (void)parse_command_line(args, env);
    } catch (const usage_error& e) {
        return e.what();
    }
    return "";
}

TEST(CommandLine, DefaultsFollowTheInterfaceContract) {
    auto c = parse({"--master", "http://m1:4000", "--output.file", "/sd/swarm.json"});
    ASSERT_EQ(c.masters.size(), 1u);
    EXPECT_EQ(c.masters[0].host, "m1");
    EXPECT_EQ(c.masters[0].port, 4000);
    EXPECT_EQ(c.cadvisor_port, 8070);
    EXPECT_EQ(c.refresh_interval, 60s);  // the resync: events bring the changes
    EXPECT_TRUE(c.events);
    EXPECT_EQ(c.request.timeout, 5s);
    EXPECT_EQ(c.level, log_level::info);
    EXPECT_FALSE(c.print);
    EXPECT_EQ(c.output_file, "/sd/swarm.json");
}

TEST(CommandLine, MastersRepeatAndCommaSeparateInOrder) {
    auto c = parse(
        {"--print", "--master", "m1:4000, tcp://m2:2375", "--master=http://[fd00::3]:4000/swarm/"});
    ASSERT_EQ(c.masters.size(), 3u);
    EXPECT_EQ(c.masters[0].text, "m1:4000");
    EXPECT_EQ(c.masters[1].host, "m2");
    EXPECT_EQ(c.masters[1].port, 2375);
    EXPECT_EQ(c.masters[2].host, "fd00::3");
    EXPECT_EQ(c.masters[2].base_path, "/swarm");
}

TEST(CommandLine, EveryFlagComesFromTheEnvironmentTooAndTheCommandLineWins) {
    env_t env{{"SWARM_SD_MASTER", "http://m1:4000,http://m2:4000"},
              {"SWARM_SD_CADVISOR_PORT", "8080"},
              {"SWARM_SD_REFRESH_INTERVAL", "1m"},
              {"SWARM_SD_TIMEOUT", "2s"},
              {"SWARM_SD_OUTPUT_FILE", "/env.json"},
              {"SWARM_SD_LABEL", "cluster=prod"},
              {"SWARM_SD_LOG_LEVEL", "debug"},
              {"PATH", "/bin"}};
    auto c = parse({}, env);
    EXPECT_EQ(c.masters.size(), 2u);
    EXPECT_EQ(c.cadvisor_port, 8080);
    EXPECT_EQ(c.refresh_interval, 1min);
    EXPECT_EQ(c.request.timeout, 2s);
    EXPECT_EQ(c.output_file, "/env.json");
    EXPECT_EQ(c.labels, (std::map<std::string, std::string>{{"cluster", "prod"}}));
    EXPECT_EQ(c.level, log_level::debug);

    auto overridden = parse({"--master", "http://m9:4000", "--cadvisor.port", "9100"}, env);
    ASSERT_EQ(overridden.masters.size(), 1u);
    EXPECT_EQ(overridden.masters[0].host, "m9");
    EXPECT_EQ(overridden.cadvisor_port, 9100);
    EXPECT_EQ(overridden.refresh_interval, 1min);  // still from the environment
}

// As the Docker CLI: with no --master, $DOCKER_HOST, else the local engine's socket; on a
// manager `swarm-sd --print` just works.
TEST(CommandLine, WithoutAMasterDockersDefaultsAreAsked) {
    auto local = parse({"--print"});
    ASSERT_EQ(local.masters.size(), 1u);
    EXPECT_EQ(local.masters[0].socket_path, "/var/run/docker.sock");
    auto remote = parse({"--print"}, {{"DOCKER_HOST", "tcp://m1:2376"}});
    ASSERT_EQ(remote.masters.size(), 1u);
    EXPECT_EQ(remote.masters[0].host, "m1");
    EXPECT_EQ(remote.masters[0].port, 2376);
    auto given = parse({"--print", "--master", "m2:4000"}, {{"DOCKER_HOST", "tcp://m1:2376"}});
    ASSERT_EQ(given.masters.size(), 1u);
    EXPECT_EQ(given.masters[0].host, "m2");
    EXPECT_EQ(error_of({"--print"}, {{"DOCKER_HOST", "ftp://m1"}}).substr(0, 22),
              "DOCKER_HOST=ftp://m1: ");
}

// What an operator types first: each of these once did something else than it says.
TEST(CommandLine, FirstHourMistakesAreFixed) {
    // `--flag=` is an empty value, as `--flag ""`: this one turns the web server off.
    EXPECT_FALSE(
        parse({"--master", "m1:4000", "--output.file", "/sd/x.json", "--web.listen-address="})
            .web.listen);
    // Containers are configured by the environment alone: several labels there.
    EXPECT_EQ(parse({"--print", "--master", "m1:4000"}, {{"SWARM_SD_LABEL", "cluster=prod,env=x"}})
                  .labels,
              (std::map<std::string, std::string>{{"cluster", "prod"}, {"env", "x"}}));
    // -h is --help.
    EXPECT_EQ(parse_command_line({"-h"}, {}).what, command::action::help);
    // A stray word is a mistake, not ignored.
    EXPECT_EQ(error_of({"bogus-word", "--version"}),
              "unexpected argument \"bogus-word\": swarm-sd takes flags only");
}

TEST(CommandLine, HelpWrapsAtWordsAndLeavesNoTrailingSpaces) {
    auto help = parse_command_line({"--help"}, {}).text;
    std::size_t line_number = 0;
    for (std::size_t start = 0, end; (end = help.find('\n', start)) != std::string::npos;
         start = end + 1) {
        auto line = help.substr(start, end - start);
        ++line_number;
        EXPECT_LE(line.size(), 100u) << line_number << ": " << line;
        EXPECT_FALSE(line.ends_with(' ')) << line_number << ": [" << line << "]";
    }
    // Whole words: a path is never cut across two lines.
    EXPECT_NE(help.find("$DOCKER_CERT_PATH/cert.pem"), std::string::npos) << help;
    EXPECT_NE(help.find("$DOCKER_CERT_PATH/key.pem"), std::string::npos) << help;
}

TEST(CommandLine, EventsAreOnUnlessTurnedOff) {
    EXPECT_TRUE(parse({"--print", "--master", "m1:4000"}).events);
    EXPECT_TRUE(parse({"--print", "--master", "m1:4000", "--events"}).events);
    EXPECT_FALSE(parse({"--print", "--master", "m1:4000", "--events=false"}).events);
    EXPECT_FALSE(parse({"--print", "--master", "m1:4000"}, {{"SWARM_SD_EVENTS", "false"}}).events);
    EXPECT_TRUE(
        parse({"--print", "--master", "m1:4000", "--events=true"}, {{"SWARM_SD_EVENTS", "false"}})
            .events);
    EXPECT_NE(error_of({"--print", "--master", "m1:4000", "--events=maybe"}).find("--events"),
              std::string::npos);
}

TEST(CommandLine, PrintFromTheEnvironment) {
    auto c = parse({}, {{"SWARM_SD_MASTER", "m1:4000"}, {"SWARM_SD_PRINT", "true"}});
    EXPECT_TRUE(c.print);
    EXPECT_EQ(error_of({}, {{"SWARM_SD_MASTER", "m1:4000"}, {"SWARM_SD_PRINT", "maybe"}}),
              "SWARM_SD_PRINT=maybe: want true or false");
}

TEST(CommandLine, BadInputIsRefusedWithAMessageNamingIt) {
    struct row {
        std::vector<std::string> args;
        std::string message_part;
    };
    const std::string m = "--master=m1:4000";
    const row rows[] = {
        {{"--print", "--bogus"}, "--bogus"},
        {{m, "--web.listen-address", ""}, "nothing to serve"},
        {{m, "--print", "--output.file", "/x"}, "do not go together"},
        {{m, "--print", "--cadvisor.port", "0"}, "--cadvisor.port: \"0\" is not a port"},
        {{m, "--print", "--cadvisor.port", "80a"}, "--cadvisor.port"},
        {{m, "--print", "--cadvisor.port", "65536"}, "--cadvisor.port"},
        {{m, "--print", "--refresh-interval", "15"},
         "--refresh-interval: \"15\" is not a duration"},
        {{m, "--print", "--timeout", "0s"}, "--timeout"},
        {{m, "--print", "--log.level", "loud"}, "--log.level: \"loud\" is not a log level"},
        {{m, "--print", "--label", "cluster"}, "--label: \"cluster\""},
        {{m, "--print", "--label", "my-cluster=x"}, "--label"},
        {{m, "--print", "--label", "__meta_swarm_role=x"}, "reserved"},
        {{m, "--print", "--label", "a=1", "--label", "a=2"}, "given twice"},
        {{m, "--print", "--max-body-size", "lots"}, "--max-body-size: \"lots\" is not a size"},
        {{m, "--print", "--max-body-size", "0MiB"}, "--max-body-size"},
        {{m, "--print", "--max-nodes", "0"}, "--max-nodes: \"0\" is not a number"},
        {{"--print", "--master", "unix://host/var/run/docker.sock"}, "no host"},
        {{"--print", "--master", "unix://"}, "absolute socket path"},
        {{m, "--print", "--mode", "kubernetes"},
         "--mode: \"kubernetes\" is not a mode (auto, classic or swarm)"},
        {{"--print", "--master", "ftp://m1:21"}, "scheme"},
        {{"--print", "--master", "m1"}, "no port"},
        {{"--print", "--master", "http://m1:99999"}, "port must be"},
        {{"--print", "--master", "http://user:pw@m1:4000"}, "credentials"},
        {{"--print", "--master", "http://m1:4000/?x=1"}, "query"},
        {{"--print", "--master"}, "--master"},
        {{m, "--web.listen-address", "9475"}, "--web.listen-address: \"9475\" has no port"},
        {{m, "--web.listen-address", "swarm-sd:9475"}, "is not an IP address"},
        {{m, "--web.listen-address", "::1:9475"}, "brackets"},
        {{m, "--web.listen-address", ":70000"}, "--web.listen-address"},
        {{m, "--web.read-timeout", "soon"}, "--web.read-timeout"},
        {{m, "--web.max-connections", "0"}, "--web.max-connections: \"0\" is not a number"},
        {{m, "--health.stale-after", "5s"},
         "--health.stale-after: 5s is shorter than --refresh-interval 1m"},
        {{m, "--log.format", "xml"}, "--log.format: \"xml\" is not a log format (logfmt, json)"},
    };
    for (const auto& r : rows) {
        auto message = error_of(r.args);
        EXPECT_NE(message.find(r.message_part), std::string::npos)
            << "args: " << ::testing::PrintToString(r.args) << "\nmessage: " << message;
        EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    }
}

TEST(CommandLine, WebServerDefaultsAndSettings) {
    auto defaults = parse({"--master", "m1:4000"});
    ASSERT_TRUE(defaults.web.listen);
    EXPECT_EQ(defaults.web.listen->ip, "::");  // IPv6 and IPv4, as node_exporter
    EXPECT_EQ(defaults.web.listen->port, 9475);
    EXPECT_EQ(defaults.web.read_timeout, 10s);
    EXPECT_EQ(defaults.web.max_connections, 64u);
    EXPECT_EQ(defaults.stale_after(), 3min);  // three default refresh intervals
    EXPECT_EQ(defaults.format, log_format::logfmt);

    auto set =
        parse({"--master", "m1:4000", "--refresh-interval", "1m", "--web.listen-address", "[::1]:0",
               "--web.read-timeout", "2s", "--web.max-connections", "8", "--log.format", "json"});
    ASSERT_TRUE(set.web.listen);
    EXPECT_EQ(set.web.listen->ip, "::1");
    EXPECT_EQ(set.web.listen->port, 0);
    EXPECT_EQ(set.web.read_timeout, 2s);
    EXPECT_EQ(set.web.max_connections, 8u);
    EXPECT_EQ(set.stale_after(), 3min);  // follows --refresh-interval
    EXPECT_EQ(set.format, log_format::json);

    auto env = parse({"--master", "m1:4000", "--output.file", "/sd/x.json"},
                     {{"SWARM_SD_WEB_LISTEN_ADDRESS", ""}, {"SWARM_SD_HEALTH_STALE_AFTER", "2m"}});
    EXPECT_FALSE(env.web.listen);  // an empty value turns the web server off
    EXPECT_EQ(env.stale_after(), 2min);
    EXPECT_EQ(parse({"--master", "m1:4000", "--web.listen-address", "localhost:9"}).web.listen->ip,
              "127.0.0.1");
}

TEST(CommandLine, HealthcheckNeedsOnlyTheWebAddress) {
    auto c = parse({"--healthcheck"});
    EXPECT_TRUE(c.healthcheck);
    ASSERT_TRUE(c.web.listen);
    EXPECT_EQ(c.web.listen->port, 9475);
    EXPECT_EQ(parse({"--healthcheck", "--web.listen-address", "127.0.0.1:9500"}).web.listen->port,
              9500);
    EXPECT_NE(
        error_of({"--healthcheck", "--web.listen-address", "nowhere"}).find("--web.listen-address"),
        std::string::npos);
    // The daemon's whole environment reads the same for its health check.
    const env_t daemon_env{{"SWARM_SD_MASTER", "m1:4000"},
                           {"SWARM_SD_REFRESH_INTERVAL", "2s"},
                           {"SWARM_SD_HEALTH_STALE_AFTER", "6s"}};
    auto daemon = parse({}, daemon_env);
    auto check = parse({"--healthcheck"}, daemon_env);
    EXPECT_EQ(check.stale_after(), 6s);
    check.healthcheck = false;
    EXPECT_EQ(check, daemon) << "--healthcheck reads the configuration the daemon reads";
}

TEST(CommandLine, UnknownSwarmSdVariableIsRefused) {
    EXPECT_EQ(error_of({"--print"}, {{"SWARM_SD_MASTERS", "m1:4000"}}),
              "unknown environment variable SWARM_SD_MASTERS");
}

TEST(CommandLine, HelpAndVersion) {
    auto help = parse_command_line({"--help"}, {});
    EXPECT_EQ(help.what, command::action::help);
    for (auto flag :
         {"--master", "--cadvisor.port", "--refresh-interval", "--timeout", "--output.file",
          "--print", "--label", "--web.listen-address", ":9475", "--web.read-timeout",
          "--web.max-connections", "--health.stale-after", "--log.level", "--log.format",
          "/healthz", "/targets", "--healthcheck", "--version", "SWARM_SD_"}) {
        EXPECT_NE(help.text.find(flag), std::string::npos) << flag;
    }
    auto version = parse_command_line({"--version"}, {});
    EXPECT_EQ(version.what, command::action::version);
    // In the shape of Prometheus' exporters' --version.
    EXPECT_TRUE(version.text.starts_with("swarm-sd, version ")) << version.text;
    for (auto field : {"(branch: ", ", revision: ", "\n  build date:", "\n  compiler:",
                       "\n  platform:         linux/"}) {
        EXPECT_NE(version.text.find(field), std::string::npos) << field << "\n" << version.text;
    }
}

}  // namespace
}  // namespace swarmsd::config
