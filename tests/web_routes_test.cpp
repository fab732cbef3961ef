// What /metrics, /healthz and /targets answer, given what the daemon hands the server.
#include <gtest/gtest.h>

#include <map>

#include "swarm/web/routes.hpp"

namespace swarmsd::web {
namespace {

// Content that a test sets as it goes, as the daemon's publisher and metrics would.
struct fake_content {
    std::string metrics = "# HELP swarm_sd_up x\nswarm_sd_file_write_errors_total 0\n";
    health_answer health{true, "ok: last good poll 1.0s ago from http://m1:4000"};
    std::shared_ptr<const std::string> targets;

    web_content view() {
        return {[this] { return metrics; }, [this] { return health; }, [this] { return targets; },
                [] { return std::string("http://m1:4000/?a=<b>"); }};
    }
};

TEST(Routes, AnswerTargetsHealthMetricsAndNothingElse) {
    fake_content state;
    auto content = state.view();
    auto before = answer_request("GET", "/targets", content);
    EXPECT_EQ(before.status, 503u);
    EXPECT_NE(before.body.find("no good poll yet"), std::string::npos);

    const std::string text = "[\n  {\n    \"targets\": [],\n    \"labels\": {}\n  }\n]\n";
    state.targets = std::make_shared<const std::string>(text);
    EXPECT_EQ(answer_request("GET", "/targets", content),
              (web_answer{200, "application/json", text}));
    EXPECT_EQ(answer_request("HEAD", "/targets?x=1", content).body, text);  // query ignored

    auto health = answer_request("GET", "/healthz", content);
    EXPECT_EQ(health.status, 200u);
    EXPECT_EQ(health.content_type, "text/plain; charset=utf-8");
    EXPECT_EQ(health.body, state.health.line + "\n");
    state.health = {false, "stale: last good poll 46.0s ago (threshold 45s)"};
    EXPECT_EQ(answer_request("GET", "/healthz", content).status, 503u);

    auto metrics = answer_request("GET", "/metrics", content);
    EXPECT_EQ(metrics.status, 200u);
    EXPECT_EQ(metrics.content_type, "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_EQ(metrics.body, state.metrics);

    auto landing = answer_request("GET", "/", content);
    EXPECT_EQ(landing.status, 200u);
    EXPECT_EQ(landing.content_type, "text/html; charset=utf-8");
    for (auto part : {"swarm-sd", "version " SWARMSD_VERSION, "href=\"metrics\"",
                      "href=\"targets\"", "href=\"healthz\"", "http://m1:4000/?a=&lt;b&gt;"}) {
        EXPECT_NE(landing.body.find(part), std::string::npos) << part;
    }
    EXPECT_EQ(answer_request("GET", "/index.html", content).status, 404u);
    EXPECT_EQ(answer_request("GET", "/targets/", content).status, 404u);
    EXPECT_EQ(answer_request("GET", "/metricsx", content).status, 404u);
    EXPECT_EQ(answer_request("POST", "/targets", content).status, 405u);
    EXPECT_EQ(answer_request("DELETE", "/nope", content).status, 404u);
}

TEST(Routes, TargetsOfOneServiceByQuery) {
    fake_content state;
    auto content = state.view();
    EXPECT_EQ(answer_request("GET", "/targets?service=cadvisor", content).status, 404u)
        << "no service is followed";

    std::map<std::string, std::shared_ptr<const std::string>, std::less<>> services;
    content.service_targets =
        [&](std::string_view name) -> std::optional<std::shared_ptr<const std::string>> {
        auto at = services.find(name);
        if (at == services.end()) return std::nullopt;
        return at->second;
    };
    services["mon_cadvisor"] = nullptr;
    EXPECT_EQ(answer_request("GET", "/targets?service=mon_cadvisor", content).status, 503u)
        << "before the first good poll";
    services["mon_cadvisor"] = std::make_shared<const std::string>("[]\n");
    EXPECT_EQ(answer_request("GET", "/targets?service=mon_cadvisor", content),
              (web_answer{200, "application/json", "[]\n"}));
    EXPECT_EQ(answer_request("GET", "/targets?x=1&service=mon%5Fcadvisor", content).status, 200u)
        << "percent-decoded, among other parameters";
    auto unknown = answer_request("GET", "/targets?service=nope", content);
    EXPECT_EQ(unknown.status, 404u);
    EXPECT_NE(unknown.body.find("nope"), std::string::npos);
}

}  // namespace
}  // namespace swarmsd::web
