// What /, /metrics, /healthz, /targets and /-/reload answer, given what the daemon hands the
// server.
#include <gtest/gtest.h>

#include <map>

#include "swarm/web/routes.hpp"

namespace swarmsd::web {
namespace {

// Content that a test sets as it goes, as the daemon's clusters would: two clusters, whose
// texts and health the test sets; each query is recorded.
struct fake_content {
    std::string metrics = "# HELP swarm_sd_up x\nswarm_sd_file_write_errors_total 0\n";
    std::map<std::string, health_answer> health{
        {"", {true, "ok: last good poll 1.0s ago from http://m1:4000"}}};
    std::map<std::string, std::shared_ptr<const std::string>> targets{{"", nullptr}};
    std::vector<query> asked;
    int reloads = 0;

    web_content view() {
        return {[this] { return metrics; },
                [this](const query& q) -> health_lookup {
                    asked.push_back(q);
                    auto at = health.find(q.cluster.value_or(""));
                    if (at == health.end()) return std::string("no cluster " + *q.cluster);
                    return at->second;
                },
                [this](const query& q) -> targets_answer {
                    asked.push_back(q);
                    auto key = q.cluster.value_or("") + (q.service ? "/" + *q.service : "");
                    auto at = targets.find(key);
                    if (at == targets.end()) return std::string("nothing for " + key);
                    return at->second;
                },
                [] {
                    return status_view{
                        "1.2.3", {{"", {{"http://m1:4000/?a=<b>", "answered last", true}}}}, ""};
                }};
    }
};

TEST(Routes, AnswerTargetsHealthMetricsAndNothingElse) {
    fake_content state;
    auto content = state.view();
    auto before = answer_request("GET", "/targets", content);
    EXPECT_EQ(before.status, 503u);
    EXPECT_NE(before.body.find("no good poll yet"), std::string::npos);

    const std::string text = "[\n  {\n    \"targets\": [],\n    \"labels\": {}\n  }\n]\n";
    state.targets[""] = std::make_shared<const std::string>(text);
    EXPECT_EQ(answer_request("GET", "/targets", content),
              (web_answer{200, "application/json", text}));
    EXPECT_EQ(answer_request("HEAD", "/targets?x=1", content).body, text);  // query ignored

    auto health = answer_request("GET", "/healthz", content);
    EXPECT_EQ(health.status, 200u);
    EXPECT_EQ(health.content_type, "text/plain; charset=utf-8");
    EXPECT_EQ(health.body, state.health[""].line + "\n");
    state.health[""] = {false, "stale: last good poll 46.0s ago (threshold 45s)"};
    EXPECT_EQ(answer_request("GET", "/healthz", content).status, 503u);

    auto metrics = answer_request("GET", "/metrics", content);
    EXPECT_EQ(metrics.status, 200u);
    EXPECT_EQ(metrics.content_type, "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_EQ(metrics.body, state.metrics);

    auto landing = answer_request("GET", "/", content);
    EXPECT_EQ(landing.status, 200u);
    EXPECT_EQ(landing.content_type, "text/html; charset=utf-8");
    for (auto part : {"swarm-sd", "version 1.2.3", "href=\"metrics\"", "href=\"targets\"",
                      "href=\"healthz\"", "http://m1:4000/?a=&lt;b&gt;"}) {
        EXPECT_NE(landing.body.find(part), std::string::npos) << part;
    }
    EXPECT_EQ(answer_request("GET", "/index.html", content).status, 404u);
    EXPECT_EQ(answer_request("GET", "/targets/", content).status, 404u);
    EXPECT_EQ(answer_request("GET", "/metricsx", content).status, 404u);
    EXPECT_EQ(answer_request("POST", "/targets", content).status, 405u);
    EXPECT_EQ(answer_request("DELETE", "/nope", content).status, 404u);
}

TEST(Routes, TheQueryPicksAClusterAndAServiceAndAnUnknownOneIs404) {
    fake_content state;
    auto content = state.view();
    state.targets["prod-eu"] = std::make_shared<const std::string>("[]\n");
    state.targets["prod-eu/mon_cadvisor"] = nullptr;
    state.targets["/mon_cadvisor"] = std::make_shared<const std::string>("[1]\n");
    state.health["prod-eu"] = {false, "stale"};

    EXPECT_EQ(answer_request("GET", "/targets?cluster=prod-eu", content),
              (web_answer{200, "application/json", "[]\n"}));
    EXPECT_EQ(
        answer_request("GET", "/targets?cluster=prod%2Deu&service=mon%5Fcadvisor", content).status,
        503u)
        << "percent-decoded; before that cluster's first good listing";
    EXPECT_EQ(answer_request("GET", "/targets?x=1&service=mon_cadvisor", content).body, "[1]\n");
    auto unknown = answer_request("GET", "/targets?cluster=nope", content);
    EXPECT_EQ(unknown.status, 404u);
    EXPECT_EQ(unknown.body, "nothing for nope\n");

    EXPECT_EQ(answer_request("GET", "/healthz?cluster=prod-eu", content),
              (web_answer{503, "text/plain; charset=utf-8", "stale\n"}));
    EXPECT_EQ(answer_request("GET", "/healthz?cluster=nope", content).status, 404u);
    ASSERT_FALSE(state.asked.empty());
    EXPECT_EQ(state.asked.back().cluster, "nope");
    EXPECT_EQ(state.asked.back().service, std::nullopt);
}

TEST(Routes, ReloadIsAPostThatSaysWhatItDid) {
    fake_content state;
    auto content = state.view();
    auto none = answer_request("POST", "/-/reload", content);
    EXPECT_EQ(none.status, 400u);
    EXPECT_NE(none.body.find("without --config.file"), std::string::npos);

    reload_answer next{true, "configuration reloaded: 2 clusters"};
    content.reload = [&] {
        ++state.reloads;
        return next;
    };
    EXPECT_EQ(
        answer_request("POST", "/-/reload", content),
        (web_answer{200, "text/plain; charset=utf-8", "configuration reloaded: 2 clusters\n"}));
    next = {false, "clusters.yml:3: unknown key \"master\""};
    EXPECT_EQ(answer_request("POST", "/-/reload", content).status, 400u);
    EXPECT_EQ(answer_request("GET", "/-/reload", content).status, 405u);
    EXPECT_EQ(answer_request("HEAD", "/-/reload", content).status, 405u);
    EXPECT_EQ(state.reloads, 2);
}

}  // namespace
}  // namespace swarmsd::web
