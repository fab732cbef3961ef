// One swarm-sd serving several clusters (--config.file), as an operator runs it: each cluster
// isolated, named in every output, reloaded by name.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <csignal>
#include <fstream>

#include "demo/fake_master.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/http_get.hpp"
#include "tests/support/metrics_text.hpp"
#include "tests/support/swarm_sd_daemon.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_data.hpp"

namespace swarmsd {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using testing::eventually;
using testing::fake_master;
using testing::http_get;
using testing::sample;

// Each group of a file_sd text as "target cluster": the cluster a group names.
std::multiset<std::string> targets_by_cluster(const std::string& text) {
    std::multiset<std::string> out;
    auto groups = json::parse(text);
    for (const auto& g : groups.as_array()) {
        const auto& labels = g.at("labels").as_object();
        auto cluster = labels.contains("__meta_swarm_cluster")
                           ? std::string(labels.at("__meta_swarm_cluster").as_string())
                           : std::string("-");
        for (const auto& t : g.at("targets").as_array())
            out.insert(std::string(t.as_string()) + " " + cluster);
    }
    return out;
}

// The labels of the first group whose target is `target` in `cluster`.
json::object labels_of(const std::string& text, const std::string& target,
                       const std::string& cluster) {
    auto groups = json::parse(text);
    for (const auto& g : groups.as_array()) {
        const auto& labels = g.at("labels").as_object();
        if (g.at("targets").as_array().at(0) == json::value(target) &&
            labels.at("__meta_swarm_cluster") == json::value(cluster))
            return labels;
    }
    return {};
}

// The body of `path`, when it answers 200.
std::string body_of(std::uint16_t port, const std::string& path) {
    auto answer = http_get(port, path);
    return answer && answer->status == 200 ? answer->body : std::string();
}

class Clusters : public ::testing::Test {
  protected:
    testing::temp_dir dir;
    std::filesystem::path config = dir.path() / "clusters.yml";
    std::filesystem::path all = dir.path() / "all.json";
    std::filesystem::path per_cluster = dir.path() / "sd";
    std::string dead = "http://127.0.0.1:" + std::to_string(testing::unused_port());

    void SetUp() override { std::filesystem::create_directory(per_cluster); }

    void write_config(const std::string& yaml) {
        auto temp = config.string() + ".new";
        std::ofstream(temp) << yaml;
        std::filesystem::rename(temp, config);
    }

    testing::web_daemon start() {
        auto d = testing::start_web_daemon({"--config.file", config.string(), "--output.file",
                                            all.string(), "--output.dir", per_cluster.string(),
                                            "--log.level", "debug"});
        EXPECT_NE(d.port, 0) << d.process->err();
        return d;
    }
};

TEST_F(Clusters, EachClusterIsNamedInEveryOutputAndADeadOneKeepsNoneFromTheOthers) {
    // The same node address in two clusters is two targets.
    fake_master eu(testing::classic_info({{"eu-1", "10.0.0.1:2375"}, {"eu-2", "10.0.0.2:2375"}}));
    fake_master us(testing::classic_info({{"us-1", "10.0.0.1:2375"}}));
    write_config(fmt::format(R"(clusters:
  - name: prod-eu
    masters: [{}]
    refresh_interval: 200ms
    labels: {{env: prod, region: eu}}
  - name: prod-us
    masters: [{}]
    refresh_interval: 200ms
    cadvisor_port: 9999
  - name: gone
    masters: [{}]
    refresh_interval: 200ms
    timeout: 200ms
)",
                             eu.url(), us.url(), dead));
    auto d = start();
    std::multiset<std::string> expected{"127.0.0.1:8070 prod-eu", "10.0.0.1:8070 prod-eu",
                                        "10.0.0.2:8070 prod-eu", "127.0.0.1:9999 prod-us",
                                        "10.0.0.1:9999 prod-us"};
    ASSERT_TRUE(eventually([&] {
        auto text = body_of(d.port, "/targets");
        return !text.empty() && targets_by_cluster(text) == expected;
    })) << body_of(d.port, "/targets")
        << d.process->err();
    auto text = body_of(d.port, "/targets");
    auto eu_labels = labels_of(text, "10.0.0.1:8070", "prod-eu");
    EXPECT_EQ(eu_labels.at("env"), "prod");
    EXPECT_EQ(eu_labels.at("region"), "eu");
    EXPECT_EQ(eu_labels.at("__meta_swarm_node_name"), "eu-1");
    EXPECT_FALSE(labels_of(text, "10.0.0.1:9999", "prod-us").contains("env"));

    // One cluster alone, over http_sd and in its own file; the whole in --output.file.
    EXPECT_TRUE(eventually([&] { return testing::read_file(all) == body_of(d.port, "/targets"); }));
    auto us_only = body_of(d.port, "/targets?cluster=prod-us");
    EXPECT_EQ(targets_by_cluster(us_only),
              (std::multiset<std::string>{"127.0.0.1:9999 prod-us", "10.0.0.1:9999 prod-us"}));
    EXPECT_TRUE(eventually([&] {
        return std::filesystem::exists(per_cluster / "prod-us.json") &&
               testing::read_file(per_cluster / "prod-us.json") == us_only;
    }));
    EXPECT_FALSE(std::filesystem::exists(per_cluster / "gone.json"));
    EXPECT_EQ(http_get(d.port, "/targets?cluster=gone")->status, 503u);
    auto unknown = http_get(d.port, "/targets?cluster=nope");
    EXPECT_EQ(unknown->status, 404u);
    EXPECT_NE(unknown->body.find("prod-eu, prod-us, gone"), std::string::npos) << unknown->body;

    // Health: one cluster down does not make the whole unhealthy; each answers for itself.
    ASSERT_TRUE(
        eventually([&] { return http_get(d.port, "/healthz?cluster=gone")->status == 503; }));
    auto health = http_get(d.port, "/healthz");
    EXPECT_EQ(health->status, 200u);
    EXPECT_TRUE(health->body.starts_with("ok: 2 of 3 clusters fresh\n")) << health->body;
    EXPECT_NE(health->body.find("\ngone: stale"), std::string::npos) << health->body;
    EXPECT_EQ(http_get(d.port, "/healthz?cluster=prod-eu")->status, 200u);

    auto metrics = testing::metrics_of(d.port);
    EXPECT_EQ(sample(metrics, "swarm_sd_cluster_up{cluster=\"prod-eu\"}"), 1) << metrics;
    EXPECT_EQ(sample(metrics, "swarm_sd_cluster_up{cluster=\"gone\"}"), 0);
    EXPECT_EQ(sample(metrics, "swarm_sd_targets{cluster=\"prod-eu\",role=\"node\"}"), 2);
    EXPECT_GE(sample(metrics, "swarm_sd_polls_total{cluster=\"prod-us\",master=\"" + us.url() +
                                  "\",result=\"success\",trigger=\"timer\"}"),
              1);
    EXPECT_EQ(sample(metrics, "swarm_sd_config_last_reload_successful"), 1);
    EXPECT_EQ(testing::occurrences(metrics, "# TYPE swarm_sd_polls_total counter"), 1u);

    // prod-eu's master dies: its targets stay while prod-us's change arrives.
    eu.set(testing::reply{500, "down"});
    us.set(testing::classic_info({{"us-1", "10.0.0.1:2375"}, {"us-2", "10.0.0.3:2375"}}));
    expected.insert("10.0.0.3:9999 prod-us");
    EXPECT_TRUE(eventually([&] {
        return targets_by_cluster(body_of(d.port, "/targets")) == expected;
    })) << body_of(d.port, "/targets");
    EXPECT_TRUE(
        eventually([&] { return targets_by_cluster(testing::read_file(all)) == expected; }));
    EXPECT_TRUE(eventually([&] {
        return sample(testing::metrics_of(d.port), "swarm_sd_cluster_up{cluster=\"prod-eu\"}") == 0;
    }));
    EXPECT_NE(d.process->err().find("cluster=prod-eu"), std::string::npos);
}

// `POST /-/reload` as curl sends it.
std::optional<testing::http_answer> reload(std::uint16_t port) {
    return http_get(port, "/-/reload", "POST");
}

TEST_F(Clusters, AReloadMatchesClustersByName) {
    fake_master a(testing::classic_info({{"a-1", "10.0.1.1:2375"}}));
    fake_master b(testing::classic_info({{"b-1", "10.0.2.1:2375"}}));
    fake_master c(testing::classic_info({{"c-1", "10.0.3.1:2375"}}));
    fake_master d_master(testing::classic_info({{"d-1", "10.0.4.1:2375"}}));
    // a lists once, at start: its timer is far away and its master has no event stream.
    auto cluster = [](std::string name, const fake_master& m, std::string more = "") {
        return fmt::format(
            "  - name: {}\n    masters: [{}]\n    refresh_interval: 10m\n    timeout: 300ms\n{}",
            name, m.url(), more);
    };
    write_config("clusters:\n" + cluster("a", a) + cluster("b", b) + cluster("c", c));
    auto d = start();
    auto has = [&](const std::string& target) {
        return body_of(d.port, "/targets").find("\"" + target + "\"") != std::string::npos;
    };
    ASSERT_TRUE(eventually([&] {
        return has("10.0.1.1:8070") && has("10.0.2.1:8070") && has("10.0.3.1:8070");
    })) << d.process->err();
    ASSERT_TRUE(eventually([&] { return std::filesystem::exists(per_cluster / "c.json"); }));
    auto a_listings = a.requests();

    // b changes (a label), c goes, d comes; a stays as it was.
    b.set(testing::reply{500, "b's new settings have not listed yet"});
    write_config("clusters:\n" + cluster("a", a) + cluster("b", b, "    labels: {tier: gold}\n") +
                 cluster("d", d_master));
    auto answer = reload(d.port);
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 200u);
    EXPECT_EQ(answer->body,
              "configuration reloaded: 3 clusters (1 added, 1 changed, 1 removed, 1 unchanged)\n");
    // A removed cluster's targets and file go at once.
    EXPECT_FALSE(has("10.0.3.1:8070"));
    EXPECT_FALSE(std::filesystem::exists(per_cluster / "c.json"));
    EXPECT_EQ(http_get(d.port, "/targets?cluster=c")->status, 404u);
    // An added one appears after its first listing.
    EXPECT_TRUE(eventually([&] { return has("10.0.4.1:8070"); }));
    // A changed one keeps its last good targets while its new settings have not listed...
    EXPECT_TRUE(eventually([&] { return b.requests() >= 3; }));
    EXPECT_TRUE(has("10.0.2.1:8070"));
    EXPECT_EQ(body_of(d.port, "/targets").find("\"tier\""), std::string::npos);
    // ...and has the new ones once they have.
    b.set(testing::classic_info({{"b-1", "10.0.2.1:2375"}}));
    ASSERT_TRUE(eventually([&] {
        return body_of(d.port, "/targets?cluster=b").find("\"tier\": \"gold\"") !=
               std::string::npos;
    }));
    // The unchanged one was not asked again.
    EXPECT_EQ(a.requests(), a_listings);
    EXPECT_TRUE(has("10.0.1.1:8070"));

    // A bad file is refused with its line; the configuration in force stays.
    write_config("clusters:\n" + cluster("a", a) + "    mastrs: [x]\n");
    answer = reload(d.port);
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 400u);
    EXPECT_EQ(answer->body, config.string() + ":6: unknown key \"mastrs\" in a cluster (known: " +
                                "cadvisor_port, events, labels, masters, max_body_size, "
                                "max_nodes, mode, name, refresh_interval, tasks, timeout, tls)\n");
    EXPECT_EQ(sample(testing::metrics_of(d.port), "swarm_sd_config_last_reload_successful"), 0);
    EXPECT_TRUE(has("10.0.4.1:8070"));
    EXPECT_NE(d.process->err().find("cannot reload the configuration"), std::string::npos);
    EXPECT_EQ(http_get(d.port, "/-/reload")->status, 405u);

    // SIGHUP reads the file too (and lists every cluster at once).
    write_config("clusters:\n" + cluster("a", a));
    d.process->send(SIGHUP);
    EXPECT_TRUE(eventually([&] { return !has("10.0.4.1:8070") && !has("10.0.2.1:8070"); }));
    EXPECT_TRUE(eventually([&] { return a.requests() > a_listings; }));
    EXPECT_EQ(sample(testing::metrics_of(d.port), "swarm_sd_config_last_reload_successful"), 1);
    // Each stopped cluster is released once nothing of it runs (ASan checks that nothing of it
    // is touched after).
    EXPECT_TRUE(eventually([&] {
        return testing::occurrences(d.process->err(), "msg=\"stopped cluster released\"") >= 4;
    })) << d.process->err();
    EXPECT_EQ(d.process->wait_for(0ms), std::nullopt) << d.process->err();
}

TEST_F(Clusters, PrintListsEveryClusterAndFailsOnlyWhenNoneAnswered) {
    fake_master eu(testing::classic_info({{"eu-1", "10.0.0.1:2375"}}));
    write_config(fmt::format(
        "clusters:\n  - {{name: eu, masters: [{}]}}\n  - {{name: dead, masters: [{}], timeout: "
        "200ms}}\n",
        eu.url(), dead));
    auto run = testing::run_swarm_sd({"--print", "--config.file", config.string()});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(targets_by_cluster(run.out),
              (std::multiset<std::string>{"127.0.0.1:8070 eu", "10.0.0.1:8070 eu"}));
    EXPECT_NE(run.err.find("cluster=dead"), std::string::npos) << run.err;
    EXPECT_EQ(run.err.find("cluster=eu"), std::string::npos) << run.err;

    write_config(
        fmt::format("clusters:\n  - {{name: dead, masters: [{}], timeout: 200ms}}\n", dead));
    run = testing::run_swarm_sd({"--print", "--config.file", config.string()});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_EQ(run.out, "");
    EXPECT_NE(run.err.find("cluster=dead"), std::string::npos) << run.err;
}

TEST_F(Clusters, ConfigCheckSaysOneLineAndAsksNoMaster) {
    fake_master never(testing::classic_info({}));
    write_config(
        fmt::format("clusters:\n  - {{name: a, masters: [{}]}}\n  - {{name: b, masters: "
                    "[m2:2375]}}\n",
                    never.url()));
    auto good = testing::run_swarm_sd({"--config.file", config.string(), "--config.check"});
    EXPECT_EQ(good.exit_code, 0) << good.err;
    EXPECT_EQ(good.out, config.string() + ": good: 2 clusters (a, b)\n");
    EXPECT_EQ(never.requests(), 0u);

    write_config("clusters:\n  - name: a\n");
    auto bad = testing::run_swarm_sd({"--config.file", config.string(), "--config.check"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_EQ(bad.err, "swarm-sd: " + config.string() +
                           ":2: cluster a has no masters: give it `masters:`\n");
    auto missing = testing::run_swarm_sd({"--config.file", (dir.path() / "nope.yml").string()});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find("nope.yml: cannot be read"), std::string::npos) << missing.err;
    auto conflict =
        testing::run_swarm_sd({"--config.file", config.string(), "--master", "m1:2375"});
    EXPECT_EQ(conflict.exit_code, 2);
    EXPECT_TRUE(conflict.err.starts_with("swarm-sd: --master and --config.file do not go together"))
        << conflict.err;
}

}  // namespace
}  // namespace swarmsd
