#include "swarm/telemetry.hpp"

#include <fmt/format.h>

#include "swarm/duration.hpp"
#include "swarm/failure_reason.hpp"
#include "swarm/process_metrics.hpp"

namespace swarmsd::swarm {
namespace {

using seconds_f = std::chrono::duration<double>;

// From a fast answer over loopback to a master that hits a long --timeout, failovers included.
std::vector<double> poll_duration_buckets() {
    return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
}

std::string seconds_text(std::chrono::steady_clock::duration d) {
    return fmt::format("{:.1f}s", std::chrono::duration_cast<seconds_f>(d).count());
}

std::string_view role_of(const output::target_group& group) {
    for (const char* key : {"__meta_swarm_node_role", "__meta_swarm_role"}) {
        auto found = group.labels.find(key);
        if (found != group.labels.end()) return found->second;
    }
    return "unknown";
}

}  // namespace

telemetry::telemetry(settings s, clock::time_point started)
    : settings_(std::move(s)),
      started_(started),
      masters_(settings_.masters.size()),
      poll_duration_(poll_duration_buckets()) {
    // Every reason starts at 0, so rate() and increase() see the first failure of each kind.
    for (auto& m : masters_) {
        for (auto reason : failure_reasons) m.failures_by_reason[reason] = 0;
    }
}

void telemetry::record_cycle(const cycle_result& cycle, std::size_t current, clock::duration took,
                             clock::time_point now) {
    last_cycle_failures_.clear();
    for (const auto& f : cycle.failures) {
        auto& m = masters_[f.master];
        ++m.failures;
        ++m.failures_by_reason[failure_reason(f.error)];
        m.last_error = f.error.message();
        last_cycle_failures_.push_back(f.master);
    }
    if (cycle.answered_by) {
        ++masters_[*cycle.answered_by].successes;
        last_success_ = now;
        last_success_wall_ = std::chrono::system_clock::now();
        last_answered_by_ = cycle.answered_by;
    }
    if (current != current_) ++rotations_;
    current_ = current;
    poll_duration_.observe(std::chrono::duration_cast<seconds_f>(took).count());
}

bool telemetry::record_targets(const std::vector<output::target_group>& groups,
                               const std::vector<parser::node>& nodes, std::size_t malformed,
                               const std::string& text) {
    // Only what the last answer holds: a status that went away is dropped, not kept at 0, so a
    // master cannot grow these series without bound.
    targets_by_role_.clear();
    for (const auto& g : groups) targets_by_role_[std::string(role_of(g))] += g.targets.size();
    nodes_by_status_.clear();
    for (const auto& n : nodes) ++nodes_by_status_[n.status.value_or("unknown")];
    malformed_nodes_ = malformed;
    // Copied only when it changed: at 1,000 nodes the text is 0.7 MB, and most polls repeat it.
    if (targets_text_ == text) return false;
    targets_text_ = text;
    return true;
}

void telemetry::record_write(bool ok) { ++(ok ? writes_ : write_errors_); }

health_report telemetry::health(clock::time_point now) const {
    auto threshold = fmt::format("threshold {}", format_duration(settings_.stale_after));
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

std::string telemetry::metrics_text() const {
    output::exposition out;
    out.family("swarm_sd_build_info", "gauge",
               "Always 1; the version and source revision of swarm-sd.");
    out.sample("swarm_sd_build_info",
               {{"version", SWARMSD_VERSION}, {"revision", SWARMSD_REVISION}}, 1);
    out.family("swarm_sd_refresh_interval_seconds", "gauge", "Time between polls.");
    out.sample("swarm_sd_refresh_interval_seconds", {},
               std::chrono::duration_cast<seconds_f>(settings_.refresh_interval).count());
    out.family("swarm_sd_health_threshold_seconds", "gauge",
               "/healthz answers 503 once the last good poll is older than this.");
    out.sample("swarm_sd_health_threshold_seconds", {},
               std::chrono::duration_cast<seconds_f>(settings_.stale_after).count());
    write_poll_metrics(out);
    write_target_metrics(out);
    write_process_metrics(out);
    return out.text();
}

void telemetry::write_poll_metrics(output::exposition& out) const {
    const auto& names = settings_.masters;
    out.family("swarm_sd_polls_total", "counter",
               "Requests for the node list, by master and result (success or failure).");
    for (std::size_t i = 0; i < names.size(); ++i) {
        out.sample("swarm_sd_polls_total", {{"master", names[i]}, {"result", "success"}},
                   static_cast<double>(masters_[i].successes));
        out.sample("swarm_sd_polls_total", {{"master", names[i]}, {"result", "failure"}},
                   static_cast<double>(masters_[i].failures));
    }
    out.family("swarm_sd_poll_failures_total", "counter", "Failed requests, by master and reason.");
    for (std::size_t i = 0; i < names.size(); ++i) {
        for (const auto& [reason, n] : masters_[i].failures_by_reason) {
            out.sample("swarm_sd_poll_failures_total", {{"master", names[i]}, {"reason", reason}},
                       static_cast<double>(n));
        }
    }
    out.family("swarm_sd_master_rotations_total", "counter",
               "Times the master a poll starts with changed, after a failure.");
    out.sample("swarm_sd_master_rotations_total", {}, static_cast<double>(rotations_));
    out.family("swarm_sd_current_master", "gauge",
               "1 for the master the next poll starts with (the one that answered last), else 0.");
    for (std::size_t i = 0; i < names.size(); ++i) {
        out.sample("swarm_sd_current_master", {{"master", names[i]}}, i == current_ ? 1 : 0);
    }
    out.family("swarm_sd_last_success_timestamp_seconds", "gauge",
               "Unix time of the last poll a master answered well; 0 before the first.");
    double last = 0;
    if (last_success_wall_) {
        last =
            std::chrono::duration_cast<seconds_f>(last_success_wall_->time_since_epoch()).count();
    }
    out.sample("swarm_sd_last_success_timestamp_seconds", {}, last);
    out.family("swarm_sd_poll_duration_seconds", "histogram",
               "Time one poll took, from the first master asked to the last, failovers included.");
    out.samples("swarm_sd_poll_duration_seconds", poll_duration_);
}

void telemetry::write_target_metrics(output::exposition& out) const {
    out.family("swarm_sd_targets", "gauge",
               "Targets in the last good answer, by role: master and node (classic Swarm), "
               "manager and worker (swarm mode).");
    for (const auto& [role, n] : targets_by_role_) {
        out.sample("swarm_sd_targets", {{"role", role}}, static_cast<double>(n));
    }
    out.family("swarm_sd_nodes", "gauge",
               "Nodes in the last good answer, by status as the master reports it.");
    for (const auto& [status, n] : nodes_by_status_) {
        out.sample("swarm_sd_nodes", {{"status", status}}, static_cast<double>(n));
    }
    out.family("swarm_sd_malformed_nodes", "gauge",
               "Malformed entries of the last /nodes answer that were left out.");
    out.sample("swarm_sd_malformed_nodes", {}, static_cast<double>(malformed_nodes_));
    out.family("swarm_sd_file_writes_total", "counter", "Times the targets file was rewritten.");
    out.sample("swarm_sd_file_writes_total", {}, static_cast<double>(writes_));
    out.family("swarm_sd_file_write_errors_total", "counter",
               "Failed attempts to rewrite the targets file (retried every poll).");
    out.sample("swarm_sd_file_write_errors_total", {}, static_cast<double>(write_errors_));
}

}  // namespace swarmsd::swarm
