// --config.file: the clusters read from YAML, and every mistake named with its line.
#include <gtest/gtest.h>

#include "swarm/config/cluster_file.hpp"
#include "swarm/config/command_line.hpp"

namespace swarmsd::config {
namespace {

using namespace std::chrono_literals;

std::vector<named_cluster> parse(std::string_view yaml, const settings& base = {}) {
    return parse_cluster_file(yaml, "/etc/swarm-sd/clusters.yml", base);
}

// The error `yaml` gives, or "" when it reads.
std::string error_of(std::string_view yaml) {
    try {
        (void)parse(yaml);
    } catch (const cluster_file_error& e) {
        return e.what();
    }
    return "";
}

TEST(ClusterFile, EachClusterHasItsKeysAndTheFlagsDefaultsForTheRest) {
    auto clusters = parse(R"(
clusters:
  - name: prod-eu
    masters: [https://m1.eu:2376, https://m2.eu:2376]
    tls: {ca_file: eu/ca.pem, cert_file: /abs/cert.pem, key_file: eu/key.pem, server_name: managers.eu}
    labels: {env: prod}
  - name: staging
    masters: tcp://stg-m1:2375, stg-m2:2375
    mode: classic
    refresh_interval: 5m
    cadvisor_port: 8080
    events: false
    timeout: 2s
    max_body_size: 4MiB
    max_nodes: 500
  - name: tasks_1
    masters: [unix:///var/run/docker.sock]
    tasks: {services: ["mon_cadvisor:8080", "node-exporter:9100"], network: mon, refresh_interval: 30s}
)");
    ASSERT_EQ(clusters.size(), 3u);
    const auto& eu = clusters[0];
    EXPECT_EQ(eu.name, "prod-eu");
    ASSERT_EQ(eu.discovery.masters.size(), 2u);
    EXPECT_EQ(eu.discovery.masters[1].text, "https://m2.eu:2376");
    EXPECT_TRUE(eu.discovery.masters[0].tls);
    EXPECT_EQ(eu.discovery.tls.ca_file, "/etc/swarm-sd/eu/ca.pem");  // beside the file
    EXPECT_EQ(eu.discovery.tls.cert_file, "/abs/cert.pem");
    EXPECT_EQ(eu.discovery.tls.server_name, "managers.eu");
    EXPECT_EQ(eu.discovery.labels, (std::map<std::string, std::string>{{"env", "prod"}}));
    settings defaults;
    EXPECT_EQ(eu.discovery.mode, defaults.mode);
    EXPECT_EQ(eu.discovery.cadvisor_port, defaults.cadvisor_port);
    EXPECT_EQ(eu.discovery.refresh_interval, defaults.refresh_interval);
    EXPECT_EQ(eu.discovery.request, defaults.request);

    const auto& stg = clusters[1];
    ASSERT_EQ(stg.discovery.masters.size(), 2u);
    EXPECT_FALSE(stg.discovery.masters[0].tls);  // no tls key: tcp:// is plain
    EXPECT_EQ(stg.discovery.mode, discovery_mode::classic);
    EXPECT_EQ(stg.discovery.refresh_interval, 5min);
    EXPECT_EQ(stg.discovery.cadvisor_port, 8080);
    EXPECT_FALSE(stg.discovery.events);
    EXPECT_EQ(stg.discovery.request.timeout, 2s);
    EXPECT_EQ(stg.discovery.request.body_limit, 4u << 20);
    EXPECT_EQ(stg.discovery.request.max_nodes, 500u);
    EXPECT_TRUE(stg.discovery.labels.empty());

    const auto& t = clusters[2];
    ASSERT_EQ(t.discovery.tasks.services.size(), 2u);
    EXPECT_EQ(t.discovery.tasks.services[1], (task_service{"node-exporter", 9100}));
    EXPECT_EQ(t.discovery.tasks.network, "mon");
    EXPECT_EQ(t.discovery.tasks.refresh_interval, 30s);
}

TEST(ClusterFile, TheProcessSettingsComeFromTheFlags) {
    settings base;
    base.output_file = "/sd/all.json";
    base.level = log_level::debug;
    auto clusters = parse("clusters:\n  - {name: a, masters: [m1:2375]}\n", base);
    EXPECT_EQ(clusters[0].discovery.output_file, "/sd/all.json");
    EXPECT_EQ(clusters[0].discovery.level, log_level::debug);
}

TEST(ClusterFile, ATlsKeyMakesTcpMastersSpeakTls) {
    auto clusters =
        parse("clusters:\n  - name: a\n    masters: [tcp://m1:2376]\n    tls: {ca_file: ca.pem}\n");
    EXPECT_TRUE(clusters[0].discovery.masters[0].tls);
    EXPECT_EQ(clusters[0].discovery.tls.ca_file, "/etc/swarm-sd/ca.pem");
}

TEST(ClusterFile, EveryMistakeIsNamedWithItsLine) {
    struct mistake {
        std::string yaml;
        std::string error;
    };
    const mistake mistakes[] = {
        {"clusters:\n  - name: a\n    masters: [m1:2375]\n    master: m2:2375\n",
         "/etc/swarm-sd/clusters.yml:4: unknown key \"master\" in a cluster (known: "},
        {"clusters:\n  - name: a\n    masters: [m1:2375]\n  - name: a\n    masters: [m2:2375]\n",
         "/etc/swarm-sd/clusters.yml:4: cluster name \"a\" given twice"},
        {"clusters:\n  - name: a\n", "/etc/swarm-sd/clusters.yml:2: cluster a has no masters"},
        {"clusters:\n  - masters: [m1:2375]\n",
         "/etc/swarm-sd/clusters.yml:2: a cluster without a name"},
        {"clusters:\n  - name: Prod EU\n    masters: [m1:2375]\n",
         "/etc/swarm-sd/clusters.yml:2: name \"Prod EU\": want [a-z0-9_-]+"},
        {"clusters:\n  - name: a\n    masters: [m1:2375]\n    cadvisor_port: 0\n",
         "/etc/swarm-sd/clusters.yml:4: cadvisor_port: \"0\" is not a port number from 1 to 65535"},
        {"clusters:\n  - name: a\n    masters: [m1:2375]\n    refresh_interval: soon\n",
         "/etc/swarm-sd/clusters.yml:4: refresh_interval: "},
        {"clusters:\n  - name: a\n    masters: [m1:2375]\n    labels: {__x: y}\n",
         "/etc/swarm-sd/clusters.yml:4: labels: \"__x\": names starting with __ are reserved"},
        {"clusters:\n  - name: a\n    masters: [m1:2375]\n    tls: {ca: x}\n",
         "/etc/swarm-sd/clusters.yml:4: unknown key \"ca\" in tls"},
        {"clusters:\n  - name: a\n    masters: [m1:2375]\n    mode: classic\n    tasks: {services: "
         "[\"x:1\"]}\n",
         "/etc/swarm-sd/clusters.yml:2: cluster a: tasks and mode classic do not go together"},
        {"clusters:\n  - name: a\n    masters: [unix:///d.sock]\n    tls: {ca_file: ca.pem}\n",
         "/etc/swarm-sd/clusters.yml:2: tls given, but no master speaks TLS"},
        {"cluster:\n  - name: a\n",
         "/etc/swarm-sd/clusters.yml:1: unknown key \"cluster\" in the file"},
        {"clusters: []\n", "/etc/swarm-sd/clusters.yml: no clusters"},
        {"clusters:\n  - name: a\n    masters: [m1:2375\n", "/etc/swarm-sd/clusters.yml:"},
        {"- a\n- b\n", "/etc/swarm-sd/clusters.yml: want a map with a `clusters:` list"},
        {"clusters:\n  - name: a\n    masters: [m1:2375]\n    events: maybe\n",
         "/etc/swarm-sd/clusters.yml:4: events: \"maybe\" is not true or false"},
    };
    for (const auto& m : mistakes) {
        auto error = error_of(m.yaml);
        EXPECT_TRUE(error.starts_with(m.error)) << m.yaml << "\ngave: " << error;
        EXPECT_EQ(error.find('\n'), std::string::npos) << error;
    }
}

command parse_args(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
    return parse_command_line(args, env);
}

std::string usage_of(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
    try {
        (void)parse_args(std::move(args), std::move(env));
    } catch (const usage_error& e) {
        return e.what();
    }
    return "";
}

TEST(CommandLineConfigFile, ClusterFlagsAndVariablesBesideTheFileAreRefusedByName) {
    EXPECT_EQ(usage_of({"--config.file", "c.yml", "--master", "m:1"}),
              "--master and --config.file do not go together: each cluster's settings are in "
              "the file");
    EXPECT_EQ(usage_of({"--config.file", "c.yml", "--tls.insecure-skip-verify"}).substr(0, 27),
              "--tls.insecure-skip-verify ");
    EXPECT_EQ(usage_of({"--config.file", "c.yml"}, {{"SWARM_SD_LABEL", "env=prod"}}).substr(0, 15),
              "SWARM_SD_LABEL ");
    EXPECT_EQ(usage_of({"--config.file", "c.yml", "--events=false"}).substr(0, 9), "--events ");
    // Process flags stay flags; DOCKER_HOST is the one-cluster default only.
    auto cmd = parse_args({"--config.file", "c.yml", "--output.dir", "/sd", "--log.level", "debug"},
                          {{"DOCKER_HOST", "tcp://elsewhere:2375"}});
    EXPECT_EQ(cmd.settings.config_file, "c.yml");
    EXPECT_EQ(cmd.settings.output_dir, "/sd");
    EXPECT_TRUE(cmd.settings.masters.empty());
}

TEST(CommandLineConfigFile, TheFileFlagsNeedTheFile) {
    EXPECT_EQ(usage_of({"--output.dir", "/sd"}),
              "--output.dir without --config.file: use --output.file for one cluster");
    EXPECT_EQ(usage_of({"--config.check"}),
              "--config.check without --config.file: nothing to check");
    EXPECT_EQ(usage_of({"--config.file", "c.yml", "--print", "--output.dir", "/sd"}),
              "--print and --output.dir do not go together: --print writes no file");
    EXPECT_EQ(usage_of({"--config.file", "c.yml", "--config.check", "--web.listen-address="}), "");
}

}  // namespace
}  // namespace swarmsd::config
