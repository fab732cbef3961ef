#include "swarm/telemetry/discovery_metrics.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "swarm/config/duration.hpp"
#include "swarm/telemetry/discovery_metric_families.hpp"
#include "swarm/telemetry/process_metrics.hpp"

namespace swarmsd::telemetry {
namespace {

using namespace discovery_metric_families;

using seconds_f = std::chrono::duration<double>;

// From a fast answer over loopback to a master that hits a long --timeout, failovers included.
std::vector<double> poll_duration_buckets() {
    return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
}

std::string seconds_text(std::chrono::steady_clock::duration d) {
    return fmt::format("{:.1f}s", std::chrono::duration_cast<seconds_f>(d).count());
}

const std::string unknown_status = "unknown";

// The role a node's target is counted under, as its group's labels say it.
std::string_view role_of(const parser::node& node) {
    return node.swarm_mode ? std::string_view(node.swarm_mode->role) : "node";
}

}  // namespace

discovery_metrics::discovery_metrics(settings s, clock::time_point started)
    : settings_(std::move(s)),
      started_(started),
      masters_(settings_.masters.size()),
      poll_duration_(poll_duration_buckets()),
      event_delay_({0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}) {
    // Every reason starts at 0, so rate() and increase() see the first failure of each kind.
    for (auto& m : masters_) {
        for (auto reason : settings_.reasons) m.failures_by_reason[reason] = 0;
        for (auto trigger : settings_.triggers) m.successes[trigger] = m.failures[trigger] = 0;
        for (auto result : fetch_results) m.node_fetches[result] = 0;
        for (auto kind : settings_.request_kinds) m.bytes_received[kind] = 0;
    }
}

void discovery_metrics::record_cycle(const cycle_summary& cycle, std::string_view trigger,
                                     std::size_t current, clock::duration took,
                                     clock::time_point now) {
    last_cycle_failures_.clear();
    for (const auto& f : cycle.failures) {
        auto& m = masters_[f.master];
        ++m.failures[trigger];
        ++m.failures_by_reason[f.reason];
        m.last_error = f.message;
        last_cycle_failures_.push_back(f.master);
    }
    last_cycle_answered_ = cycle.answered_by.has_value();
    if (cycle.answered_by) {
        ++masters_[*cycle.answered_by].successes[trigger];
        last_success_ = now;
        last_success_wall_ = std::chrono::system_clock::now();
        last_answered_by_ = cycle.answered_by;
    }
    if (current != current_) ++rotations_;
    current_ = current;
    poll_duration_.observe(std::chrono::duration_cast<seconds_f>(took).count());
}

void discovery_metrics::record_targets(std::size_t targets, const std::vector<parser::node>& nodes,
                                       std::size_t malformed, bool tasks) {
    // Only what the last answer holds: a status that went away is dropped, not kept at 0, so a
    // master cannot grow these series without bound.
    targets_by_role_.clear();
    nodes_by_status_.clear();
    std::size_t node_targets = 0;
    for (const auto& n : nodes) {
        if (!tasks && !n.endpoint.host.empty()) {
            ++node_targets;
            auto role = role_of(n);
            if (auto at = targets_by_role_.find(role); at != targets_by_role_.end())
                ++at->second;
            else
                targets_by_role_.emplace(std::string(role), 1);
        }
        const auto& status = n.status ? *n.status : unknown_status;
        if (auto at = nodes_by_status_.find(status); at != nodes_by_status_.end())
            ++at->second;
        else
            nodes_by_status_.emplace(status, 1);
    }
    if (targets > node_targets)
        targets_by_role_[tasks ? "task" : "master"] += targets - node_targets;
    malformed_nodes_ = malformed;
}

void discovery_metrics::record_event(std::string_view type, std::string_view action) {
    ++events_[{std::string(type), std::string(action)}];
}

void discovery_metrics::record_node_fetches(std::size_t master, std::size_t updated,
                                            std::size_t gone, std::size_t failed) {
    auto& m = masters_[master];
    m.node_fetches[fetch_results[0]] += updated;
    m.node_fetches[fetch_results[1]] += gone;
    m.node_fetches[fetch_results[2]] += failed;
}

void discovery_metrics::record_bytes_received(std::size_t master, std::string_view kind,
                                              std::uint64_t total) {
    auto& counts = masters_[master].bytes_received;
    if (auto at = counts.find(kind); at != counts.end()) at->second = total;
}

void discovery_metrics::record_stream(std::size_t master, bool open) {
    auto& m = masters_[master];
    if (open && m.stream_lost) ++m.stream_reconnects;
    m.stream_lost = !open && (m.stream_open || m.stream_lost);
    m.stream_open = open;
}

void discovery_metrics::record_event_delay(clock::duration delay) {
    event_delay_.observe(std::chrono::duration_cast<seconds_f>(delay).count());
}

void discovery_metrics::record_write(bool ok) { ++(ok ? writes_ : write_errors_); }

discovery_state discovery_metrics::state() const {
    discovery_state out;
    out.last_success = last_success_wall_;
    for (const auto& [role, n] : targets_by_role_) out.targets += n;
    for (std::size_t i = 0; i < masters_.size(); ++i) {
        const auto& m = masters_[i];
        bool failed = std::find(last_cycle_failures_.begin(), last_cycle_failures_.end(), i) !=
                      last_cycle_failures_.end();
        out.masters.push_back(
            {last_success_ && last_answered_by_ == i, failed, m.stream_open, m.last_error});
    }
    return out;
}

health_report discovery_metrics::health(clock::time_point now) const {
    auto threshold = fmt::format("threshold {}", config::format_duration(settings_.stale_after));
    auto since = last_success_.value_or(started_);
    bool fresh = now - since <= settings_.stale_after;
    std::string line;
    if (fresh && last_success_) {
        line = fmt::format("ok: last good poll {} ago from {} ({})", seconds_text(now - since),
                           settings_.masters[last_answered_by_.value_or(0)], threshold);
    } else if (fresh) {
        line = fmt::format("ok: starting, no good poll yet ({} since start, {})",
                           seconds_text(now - since), threshold);
    } else if (last_success_) {
        line =
            fmt::format("stale: last good poll {} ago ({})", seconds_text(now - since), threshold);
    } else {
        line = fmt::format("stale: no good poll in {} since start ({})", seconds_text(now - since),
                           threshold);
    }
    if (!fresh && !last_cycle_failures_.empty()) {
        line += "; last poll:";
        for (auto m : last_cycle_failures_) {
            line += fmt::format(" {}: {};", settings_.masters[m], masters_[m].last_error);
        }
        line.pop_back();
    }
    return {fresh, line};
}

void write_build_info(telemetry::exposition& out) {
    build_info.describe(out);
    build_info.sample(out, {SWARMSD_VERSION, SWARMSD_REVISION}, 1);
}

std::string discovery_metrics::metrics_text() const {
    telemetry::exposition out;
    write_build_info(out);
    write_discovery(out);
    write_process_metrics(out);
    return out.text();
}

void discovery_metrics::write_cluster(telemetry::exposition& out) const {
    write_one(out, cluster_up, last_cycle_answered_ ? 1 : 0);
    write_discovery(out);
}

void discovery_metrics::write_discovery(telemetry::exposition& out) const {
    write_one(out, refresh_interval,
              std::chrono::duration_cast<seconds_f>(settings_.refresh_interval).count());
    write_one(out, health_threshold,
              std::chrono::duration_cast<seconds_f>(settings_.stale_after).count());
    write_poll_metrics(out);
    write_target_metrics(out);
    write_event_metrics(out);
    write_traffic_metrics(out);
}

void discovery_metrics::write_poll_metrics(telemetry::exposition& out) const {
    const auto& names = settings_.masters;
    polls_total.describe(out);
    for (std::size_t i = 0; i < names.size(); ++i) {
        for (const auto& [trigger, n] : masters_[i].successes)
            polls_total.sample(out, {names[i], "success", trigger}, static_cast<double>(n));
        for (const auto& [trigger, n] : masters_[i].failures)
            polls_total.sample(out, {names[i], "failure", trigger}, static_cast<double>(n));
    }
    poll_failures_total.describe(out);
    for (std::size_t i = 0; i < names.size(); ++i) {
        for (const auto& [reason, n] : masters_[i].failures_by_reason)
            poll_failures_total.sample(out, {names[i], reason}, static_cast<double>(n));
    }
    write_one(out, rotations_total, static_cast<double>(rotations_));
    current_master.describe(out);
    for (std::size_t i = 0; i < names.size(); ++i)
        current_master.sample(out, {names[i]}, i == current_ ? 1 : 0);
    double last = 0;
    if (last_success_wall_) {
        last =
            std::chrono::duration_cast<seconds_f>(last_success_wall_->time_since_epoch()).count();
    }
    write_one(out, last_success_timestamp, last);
    poll_duration.describe(out);
    poll_duration.samples(out, poll_duration_);
}

void discovery_metrics::write_target_metrics(telemetry::exposition& out) const {
    targets.describe(out);
    for (const auto& [role, n] : targets_by_role_)
        targets.sample(out, {role}, static_cast<double>(n));
    nodes.describe(out);
    for (const auto& [status, n] : nodes_by_status_)
        nodes.sample(out, {status}, static_cast<double>(n));
    write_one(out, malformed_nodes, static_cast<double>(malformed_nodes_));
    write_one(out, file_writes_total, static_cast<double>(writes_));
    write_one(out, file_write_errors_total, static_cast<double>(write_errors_));
}

void discovery_metrics::write_event_metrics(telemetry::exposition& out) const {
    events_total.describe(out);
    for (const auto& [key, n] : events_)
        events_total.sample(out, {key.first, key.second}, static_cast<double>(n));
    stream_up.describe(out);
    for (std::size_t i = 0; i < settings_.masters.size(); ++i)
        stream_up.sample(out, {settings_.masters[i]}, masters_[i].stream_open ? 1 : 0);
    stream_reconnects_total.describe(out);
    for (std::size_t i = 0; i < settings_.masters.size(); ++i) {
        stream_reconnects_total.sample(out, {settings_.masters[i]},
                                       static_cast<double>(masters_[i].stream_reconnects));
    }
    event_delay.describe(out);
    event_delay.samples(out, event_delay_);
}

void discovery_metrics::write_traffic_metrics(telemetry::exposition& out) const {
    const auto& names = settings_.masters;
    node_fetches_total.describe(out);
    for (std::size_t i = 0; i < names.size(); ++i) {
        for (const auto& [result, n] : masters_[i].node_fetches)
            node_fetches_total.sample(out, {names[i], result}, static_cast<double>(n));
    }
    bytes_received_total.describe(out);
    for (std::size_t i = 0; i < names.size(); ++i) {
        for (const auto& [kind, n] : masters_[i].bytes_received)
            bytes_received_total.sample(out, {names[i], kind}, static_cast<double>(n));
    }
}

}  // namespace swarmsd::telemetry
