// What /metrics, /healthz and /targets say, driven with made-up poll cycles and clock readings.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "swarm/telemetry/discovery_metrics.hpp"
#include "swarm/telemetry/event_labels.hpp"

namespace swarmsd::telemetry {
namespace {

using namespace std::chrono_literals;
using clock = discovery_metrics::clock;
const std::vector<std::string_view> reasons{"refused", "timeout", "dns"};
const std::vector<std::string_view> triggers{"timer", "event", "signal"};

class Telemetry : public ::testing::Test {
  protected:
    clock::time_point t0{};
    discovery_metrics state{{{"http://m1:4000", "http://m2:4000"}, 15s, 45s, reasons, triggers},
                            t0};

    static cycle_summary failed_both() {
        return {{{0, "refused", "Connection refused"}, {1, "timeout", "timed out"}}, std::nullopt};
    }
    static cycle_summary m2_answered() { return {{{0, "refused", "Connection refused"}}, 1}; }
    bool has_line(const std::string& line) const {
        return state.metrics_text().find("\n" + line + "\n") != std::string::npos;
    }
};

TEST_F(Telemetry, HealthyWhileStartingThenStaleWithoutAGoodPoll) {
    auto starting = state.health(t0 + 44s);
    EXPECT_TRUE(starting.healthy);
    EXPECT_EQ(starting.line, "ok: starting, no good poll yet (44.0s since start, threshold 45s)");

    state.record_cycle(failed_both(), "timer", 0, 10ms, t0 + 46s);
    auto stale = state.health(t0 + 46s);
    EXPECT_FALSE(stale.healthy);
    EXPECT_EQ(stale.line,
              "stale: no good poll in 46.0s since start (threshold 45s); last poll: "
              "http://m1:4000: Connection refused; http://m2:4000: timed out");
}

TEST_F(Telemetry, HealthFollowsTheLastGoodPollAndSaysWhyItIsStale) {
    state.record_cycle(m2_answered(), "timer", 1, 10ms, t0 + 1s);
    auto fresh = state.health(t0 + 46s);
    EXPECT_TRUE(fresh.healthy);
    EXPECT_EQ(fresh.line, "ok: last good poll 45.0s ago from http://m2:4000 (threshold 45s)");

    state.record_cycle(failed_both(), "timer", 0, 5s, t0 + 47s);
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
    for (auto reason : reasons) {
        EXPECT_TRUE(has_line(fmt::format(
            "swarm_sd_poll_failures_total{{master=\"http://m2:4000\",reason=\"{}\"}} 0", reason)));
    }
    state.record_cycle(m2_answered(), "timer", 1, 20ms, t0 + 1s);
    state.record_cycle(failed_both(), "timer", 1, 3s, t0 + 2s);
    EXPECT_TRUE(has_line(
        "swarm_sd_polls_total{master=\"http://m1:4000\",result=\"failure\",trigger=\"timer\"} 2"));
    EXPECT_TRUE(has_line(
        "swarm_sd_polls_total{master=\"http://m2:4000\",result=\"success\",trigger=\"timer\"} 1"));
    EXPECT_TRUE(has_line(
        "swarm_sd_polls_total{master=\"http://m2:4000\",result=\"failure\",trigger=\"timer\"} 1"));
    EXPECT_TRUE(has_line(
        "swarm_sd_polls_total{master=\"http://m2:4000\",result=\"success\",trigger=\"event\"} 0"));
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

// A node with a host to scrape: a target. Swarm mode when it has a role.
parser::node target_node(std::string name, std::string status, std::string role = {}) {
    auto n = node(std::move(name), std::move(status));
    n.address = "10.0.0.1:2375";
    n.endpoint = {"10.0.0.1", 2375};
    if (!role.empty()) n.swarm_mode.emplace().role = std::move(role);
    return n;
}

TEST_F(Telemetry, MetricsCountTargetsByRoleAndNodesByStatusOfTheLastAnswer) {
    state.record_targets(3,
                         {target_node("a", "ready", "manager"), target_node("b", "ready", "worker"),
                          target_node("c", "down", "worker"), node("d", "down")},
                         2);
    EXPECT_TRUE(has_line("swarm_sd_targets{role=\"manager\"} 1"));
    EXPECT_TRUE(has_line("swarm_sd_targets{role=\"worker\"} 2"));
    EXPECT_TRUE(has_line("swarm_sd_nodes{status=\"ready\"} 2"));
    EXPECT_TRUE(has_line("swarm_sd_nodes{status=\"down\"} 2")) << "a node without a host too";
    EXPECT_TRUE(has_line("swarm_sd_malformed_nodes 2"));

    // Classic: a master that runs on no listed node is a target of its own.
    state.record_targets(2, {target_node("a", "Healthy")}, 0);
    EXPECT_TRUE(has_line("swarm_sd_targets{role=\"master\"} 1"));
    EXPECT_TRUE(has_line("swarm_sd_targets{role=\"node\"} 1"));
    EXPECT_TRUE(has_line("swarm_sd_nodes{status=\"Healthy\"} 1"));
    // What the last answer no longer holds is gone, not kept forever at 0.
    EXPECT_EQ(state.metrics_text().find("role=\"worker\""), std::string::npos);
    EXPECT_EQ(state.metrics_text().find("status=\"down\""), std::string::npos);
}

TEST_F(Telemetry, EventsStreamsAndTheDelayToAnUpdateAreCounted) {
    EXPECT_TRUE(has_line("swarm_sd_event_stream_up{master=\"http://m1:4000\"} 0"));
    state.record_stream(0, true);
    state.record_event("node", "update");
    state.record_event("node", "update");
    state.record_event("container", "other");
    state.record_stream(0, false);
    state.record_stream(0, true);  // after a loss: a reconnect
    state.record_event_delay(80ms);
    state.record_cycle(m2_answered(), "event", 1, 20ms, t0 + 1s);
    EXPECT_TRUE(has_line("swarm_sd_events_total{type=\"node\",action=\"update\"} 2"));
    EXPECT_TRUE(has_line("swarm_sd_events_total{type=\"container\",action=\"other\"} 1"));
    EXPECT_TRUE(has_line("swarm_sd_event_stream_up{master=\"http://m1:4000\"} 1"));
    EXPECT_TRUE(has_line("swarm_sd_event_stream_reconnects_total{master=\"http://m1:4000\"} 1"));
    EXPECT_TRUE(has_line("swarm_sd_event_to_update_seconds_bucket{le=\"0.05\"} 0"));
    EXPECT_TRUE(has_line("swarm_sd_event_to_update_seconds_bucket{le=\"0.1\"} 1"));
    EXPECT_TRUE(has_line(
        "swarm_sd_polls_total{master=\"http://m2:4000\",result=\"success\",trigger=\"event\"} 1"));
}

TEST_F(Telemetry, FileWritesAndErrorsAreCounted) {
    state.record_write(true);
    state.record_write(false);
    state.record_write(true);
    EXPECT_TRUE(has_line("swarm_sd_file_writes_total 2"));
    EXPECT_TRUE(has_line("swarm_sd_file_write_errors_total 1"));
}

}  // namespace
}  // namespace swarmsd::telemetry

namespace swarmsd::telemetry {
namespace {

TEST(EventLabels, NodeKindsByNameAndEverythingElseAsOther) {
    struct row {
        parser::engine_event event;
        std::pair<std::string_view, std::string_view> labels;
    };
    const row rows[] = {
        {{"node", "update", "abc"}, {"node", "update"}},
        {{"node", "remove", "abc"}, {"node", "remove"}},
        {{"node", "promote-ish", "abc"}, {"node", "other"}},
        {{"swarm", "engine_disconnect", ""}, {"swarm", "engine_disconnect"}},
        {{"", "engine_reconnect", ""}, {"swarm", "engine_reconnect"}},
        {{"container", "start", "abc"}, {"container", "other"}},
        {{"anything a master makes up", "x", ""}, {"other", "other"}},
    };
    for (const auto& r : rows)
        EXPECT_EQ(event_labels(r.event), r.labels) << r.event.type << " " << r.event.action;
}

}  // namespace
}  // namespace swarmsd::telemetry
