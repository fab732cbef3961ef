// What /metrics, /healthz and /targets say, driven with made-up poll cycles and clock readings.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <openssl/x509_vfy.h>

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>

#include "parser/errc.hpp"
#include "swarm/errc.hpp"
#include "swarm/failure_reason.hpp"
#include "swarm/telemetry.hpp"
#include "swarm/tls.hpp"
#include "swarm/web_routes.hpp"

namespace swarmsd::swarm {
namespace {

using namespace std::chrono_literals;
using boost::system::error_code;
namespace asio_error = boost::asio::error;

TEST(FailureReason, EveryKindOfFailureHasItsWord) {
    struct row {
        error_code error;
        std::string_view reason;
    };
    const row rows[] = {
        {asio_error::connection_refused, "refused"},
        {error_code(ENOENT, boost::system::system_category()), "refused"},  // no docker.sock
        {asio_error::host_not_found, "dns"},
        {asio_error::host_not_found_try_again, "dns"},
        {errc::timeout, "timeout"},
        {errc::closed_early, "closed"},
        {asio_error::connection_reset, "closed"},
        {error_code(503, http_status_category()), "http_status"},
        {error_code(301, http_status_category()), "http_status"},
        {parser::errc::not_json, "not_json"},
        {parser::errc::not_an_object, "not_json"},
        {parser::errc::no_node_table, "no_node_table"},
        {parser::errc::incomplete_node_table, "no_node_table"},
        {parser::errc::not_a_node_list, "no_node_table"},
        {parser::errc::not_a_manager, "not_manager"},
        {parser::errc::not_in_swarm, "not_manager"},
        {parser::errc::swarm_locked, "not_manager"},
        {errc::body_too_large, "body_too_large"},
        {errc::too_many_nodes, "too_many_nodes"},
        {certificate_error(X509_V_ERR_HOSTNAME_MISMATCH), "tls"},
        {certificate_error(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY), "tls"},
        {boost::asio::ssl::error::stream_truncated, "tls"},
        {asio_error::network_unreachable, "io"},
    };
    for (const auto& r : rows) {
        EXPECT_EQ(failure_reason(r.error), r.reason) << r.error.message();
        EXPECT_NE(std::find(failure_reasons.begin(), failure_reasons.end(), r.reason),
                  failure_reasons.end());
    }
}

class Telemetry : public ::testing::Test {
  protected:
    telemetry::clock::time_point t0{};
    telemetry state{{{"http://m1:4000", "http://m2:4000"}, 15s, 45s}, t0};

    static cycle_result failed_both() {
        return {std::nullopt, {}, {{0, asio_error::connection_refused}, {1, errc::timeout}}};
    }
    static cycle_result m2_answered() { return {1, {}, {{0, asio_error::connection_refused}}}; }
    bool has_line(const std::string& line) const {
        return state.metrics_text().find("\n" + line + "\n") != std::string::npos;
    }
};

TEST_F(Telemetry, HealthyWhileStartingThenStaleWithoutAGoodPoll) {
    auto starting = state.health(t0 + 44s);
    EXPECT_TRUE(starting.healthy);
    EXPECT_EQ(starting.line, "ok: starting, no good poll yet (44.0s since start, threshold 45s)");

    state.record_cycle(failed_both(), 0, 10ms, t0 + 46s);
    auto stale = state.health(t0 + 46s);
    EXPECT_FALSE(stale.healthy);
    EXPECT_EQ(stale.line,
              "stale: no good poll in 46.0s since start (threshold 45s); last poll: "
              "http://m1:4000: Connection refused; http://m2:4000: timed out");
}

TEST_F(Telemetry, HealthFollowsTheLastGoodPollAndSaysWhyItIsStale) {
    state.record_cycle(m2_answered(), 1, 10ms, t0 + 1s);
    auto fresh = state.health(t0 + 46s);
    EXPECT_TRUE(fresh.healthy);
    EXPECT_EQ(fresh.line, "ok: last good poll 45.0s ago from http://m2:4000 (threshold 45s)");

    state.record_cycle(failed_both(), 0, 5s, t0 + 47s);
    auto stale = state.health(t0 + 47s);
    EXPECT_FALSE(stale.healthy);
    EXPECT_EQ(stale.line,
              "stale: last good poll 46.0s ago (threshold 45s); last poll: http://m1:4000: "
              "Connection refused; http://m2:4000: timed out");
}

TEST_F(Telemetry, MetricsCountPollsFailuresByReasonAndRotations) {
    EXPECT_TRUE(has_line("swarm_sd_current_master{master=\"http://m1:4000\"} 1"));
    EXPECT_TRUE(has_line("swarm_sd_last_success_timestamp_seconds 0"));
    // Every reason is there from the start, so the first failure of a kind shows in increase().
    for (auto reason : failure_reasons) {
        EXPECT_TRUE(has_line(fmt::format(
            "swarm_sd_poll_failures_total{{master=\"http://m2:4000\",reason=\"{}\"}} 0", reason)));
    }
    state.record_cycle(m2_answered(), 1, 20ms, t0 + 1s);
    state.record_cycle(failed_both(), 1, 3s, t0 + 2s);
    EXPECT_TRUE(has_line("swarm_sd_polls_total{master=\"http://m1:4000\",result=\"failure\"} 2"));
    EXPECT_TRUE(has_line("swarm_sd_polls_total{master=\"http://m2:4000\",result=\"success\"} 1"));
    EXPECT_TRUE(has_line("swarm_sd_polls_total{master=\"http://m2:4000\",result=\"failure\"} 1"));
    EXPECT_TRUE(
        has_line("swarm_sd_poll_failures_total{master=\"http://m1:4000\",reason=\"refused\"} 2"));
    EXPECT_TRUE(
        has_line("swarm_sd_poll_failures_total{master=\"http://m2:4000\",reason=\"timeout\"} 1"));
    EXPECT_TRUE(has_line("swarm_sd_master_rotations_total 1"));
    EXPECT_TRUE(has_line("swarm_sd_current_master{master=\"http://m1:4000\"} 0"));
    EXPECT_TRUE(has_line("swarm_sd_current_master{master=\"http://m2:4000\"} 1"));
    EXPECT_TRUE(has_line("swarm_sd_poll_duration_seconds_bucket{le=\"0.025\"} 1"));
    EXPECT_TRUE(has_line("swarm_sd_poll_duration_seconds_bucket{le=\"2.5\"} 1"));
    EXPECT_TRUE(has_line("swarm_sd_poll_duration_seconds_bucket{le=\"5\"} 2"));
    EXPECT_TRUE(has_line("swarm_sd_poll_duration_seconds_count 2"));
    EXPECT_FALSE(has_line("swarm_sd_last_success_timestamp_seconds 0"));
}

parser::node node(std::string name, std::string status) {
    parser::node n;
    n.name = std::move(name);
    n.status = std::move(status);
    return n;
}

TEST_F(Telemetry, MetricsCountTargetsByRoleAndNodesByStatusOfTheLastAnswer) {
    std::vector<output::target_group> groups{
        {{"10.0.0.1:8070"}, {{"__meta_swarm_role", "node"}, {"__meta_swarm_node_role", "manager"}}},
        {{"10.0.0.2:8070"}, {{"__meta_swarm_role", "node"}, {"__meta_swarm_node_role", "worker"}}},
        {{"10.0.0.3:8070"}, {{"__meta_swarm_role", "node"}, {"__meta_swarm_node_role", "worker"}}},
    };
    state.record_targets(groups, {node("a", "ready"), node("b", "ready"), node("c", "down")}, 2,
                         "[]\n");
    EXPECT_TRUE(has_line("swarm_sd_targets{role=\"manager\"} 1"));
    EXPECT_TRUE(has_line("swarm_sd_targets{role=\"worker\"} 2"));
    EXPECT_TRUE(has_line("swarm_sd_nodes{status=\"ready\"} 2"));
    EXPECT_TRUE(has_line("swarm_sd_nodes{status=\"down\"} 1"));
    EXPECT_TRUE(has_line("swarm_sd_malformed_nodes 2"));

    std::vector<output::target_group> classic{
        {{"10.0.0.9:8070"}, {{"__meta_swarm_role", "master"}}},
        {{"10.0.0.1:8070"}, {{"__meta_swarm_role", "node"}}},
    };
    state.record_targets(classic, {node("a", "Healthy")}, 0, "[]\n");
    EXPECT_TRUE(has_line("swarm_sd_targets{role=\"master\"} 1"));
    EXPECT_TRUE(has_line("swarm_sd_targets{role=\"node\"} 1"));
    EXPECT_TRUE(has_line("swarm_sd_nodes{status=\"Healthy\"} 1"));
    // What the last answer no longer holds is gone, not kept forever at 0.
    EXPECT_EQ(state.metrics_text().find("role=\"worker\""), std::string::npos);
    EXPECT_EQ(state.metrics_text().find("status=\"down\""), std::string::npos);
}

TEST_F(Telemetry, FileWritesAndErrorsAreCounted) {
    state.record_write(true);
    state.record_write(false);
    state.record_write(true);
    EXPECT_TRUE(has_line("swarm_sd_file_writes_total 2"));
    EXPECT_TRUE(has_line("swarm_sd_file_write_errors_total 1"));
}

TEST_F(Telemetry, RoutesAnswerTargetsHealthMetricsAndNothingElse) {
    auto now = t0 + 1s;
    auto before = answer_request("GET", "/targets", state, now);
    EXPECT_EQ(before.status, 503u);
    EXPECT_NE(before.body.find("no good poll yet"), std::string::npos);

    const std::string text = "[\n  {\n    \"targets\": [],\n    \"labels\": {}\n  }\n]\n";
    state.record_targets({}, {}, 0, text);
    EXPECT_EQ(answer_request("GET", "/targets", state, now),
              (web_answer{200, "application/json", text}));
    EXPECT_EQ(answer_request("HEAD", "/targets?x=1", state, now).body, text);  // query ignored

    auto health = answer_request("GET", "/healthz", state, now);
    EXPECT_EQ(health.status, 200u);
    EXPECT_EQ(health.content_type, "text/plain; charset=utf-8");
    EXPECT_EQ(health.body, state.health(now).line + "\n");
    EXPECT_EQ(answer_request("GET", "/healthz", state, t0 + 46s).status, 503u);

    auto metrics = answer_request("GET", "/metrics", state, now);
    EXPECT_EQ(metrics.status, 200u);
    EXPECT_EQ(metrics.content_type, "text/plain; version=0.0.4; charset=utf-8");
    // The process_* part moves between two reads; the rest is the same text.
    auto swarm_sd_part = [](const std::string& text) {
        return text.substr(0, text.find("process_"));
    };
    EXPECT_EQ(swarm_sd_part(metrics.body), swarm_sd_part(state.metrics_text()));
    EXPECT_NE(metrics.body.find("\nswarm_sd_file_write_errors_total 0\n"), std::string::npos);

    EXPECT_EQ(answer_request("GET", "/", state, now).status, 404u);
    EXPECT_EQ(answer_request("GET", "/targets/", state, now).status, 404u);
    EXPECT_EQ(answer_request("GET", "/metricsx", state, now).status, 404u);
    EXPECT_EQ(answer_request("POST", "/targets", state, now).status, 405u);
    EXPECT_EQ(answer_request("DELETE", "/nope", state, now).status, 404u);
}

}  // namespace
}  // namespace swarmsd::swarm
