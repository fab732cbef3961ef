#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parser/node.hpp"
#include "swarm/telemetry/exposition.hpp"

namespace swarmsd::telemetry {

/// What `/healthz` answers.
struct health_report {
    bool healthy = false;
    std::string line;  ///< one line saying why, e.g. "ok: last good poll 2.0s ago from ..."
};

/// What one poll cycle came to, as the metrics count it.
struct cycle_summary {
    /// A master that failed, why in one word (`failure_reason`), and the error's message.
    struct failure {
        std::size_t master;
        std::string_view reason;
        std::string message;
    };
    std::vector<failure> failures;           ///< in the order the masters were tried
    std::optional<std::size_t> answered_by;  ///< the master that answered well, if any
};

/// One master as the last polls left it, for the status page.
struct master_state {
    bool answered_last = false;  ///< the last good poll's answer came from it
    bool failed_last = false;    ///< it failed in the last poll
    bool stream_open = false;    ///< its event stream is open
    std::string last_error;      ///< why it failed last, if it ever did
};

/// The discovery as the status page shows it.
struct discovery_state {
    std::vector<master_state> masters;  ///< in configured order
    std::optional<std::chrono::system_clock::time_point> last_success;
    std::uint64_t targets = 0;  ///< in the last good answer
};

/// `swarm_sd_build_info`: the process's version and revision, once per exposition.
void write_build_info(telemetry::exposition& out);

/// What the daemon knows about its discovery, for `/metrics` and `/healthz`. Only the event
/// loop's thread touches it, so it needs no lock.
class discovery_metrics {
  public:
    using clock = std::chrono::steady_clock;

    struct settings {
        std::vector<std::string> masters;  ///< as configured, for the `master` label
        std::chrono::milliseconds refresh_interval;
        std::chrono::milliseconds stale_after;  ///< /healthz turns 503 past this age
        std::vector<std::string_view> reasons;  ///< every failure reason, each counted from 0
        std::vector<std::string_view>
            triggers;  ///< every cause of a listing, the first the default
        /// Every kind of request whose bytes are counted (listing, node, events).
        std::vector<std::string_view> request_kinds{};
    };

    discovery_metrics(settings s, clock::time_point started);

    /// A poll cycle caused by `trigger` (one of `settings::triggers`) that took `took` ended at
    /// `now`; `current` is the master the next starts with.
    void record_cycle(const cycle_summary& cycle, std::string_view trigger, std::size_t current,
                      clock::duration took, clock::time_point now);

    /// An event of `master`'s stream; `type` and `action` as the caller bounds them.
    void record_event(std::string_view type, std::string_view action);

    /// A round of node fetches asked `master` for nodes: `updated` came back, `gone` were 404,
    /// `failed` failed (at most one: the round stops there).
    void record_node_fetches(std::size_t master, std::size_t updated, std::size_t gone,
                             std::size_t failed);

    /// `master` has sent `total` body bytes so far in answers to requests of `kind` (one of
    /// `settings::request_kinds`).
    void record_bytes_received(std::size_t master, std::string_view kind, std::uint64_t total);

    /// `master`'s event stream is open (or not) now; an open after a loss is a reconnect.
    void record_stream(std::size_t master, bool open);

    /// A change announced by an event reached the published targets `delay` after the event.
    void record_event_delay(clock::duration delay);

    /// A good poll produced `targets` groups from these nodes, `malformed` nodes left out. A
    /// node with a host is one target of its role (swarm mode: the node's role; classic:
    /// `node`); the other targets are classic masters' own. `tasks`: every target is a task.
    void record_targets(std::size_t targets, const std::vector<parser::node>& nodes,
                        std::size_t malformed, bool tasks = false);

    /// The targets file was (or could not be) written.
    void record_write(bool ok);

    /// The Prometheus text exposition of every metric, process metrics included.
    [[nodiscard]] std::string metrics_text() const;

    /// One cluster's metrics of several (`--config.file`), into `out`, whose constant labels name
    /// the cluster: `metrics_text` without the process's own (build info, process metrics), and
    /// with `swarm_sd_cluster_up`.
    void write_cluster(telemetry::exposition& out) const;

    /// Each master's state and the last good poll's time and targets.
    [[nodiscard]] discovery_state state() const;

    /// Healthy while the last good poll (before the first: the start) is at most `stale_after`
    /// old.
    [[nodiscard]] health_report health(clock::time_point now) const;

  private:
    void write_discovery(telemetry::exposition& out) const;

    struct master_counts {
        std::map<std::string_view, std::uint64_t> successes;  ///< by trigger
        std::map<std::string_view, std::uint64_t> failures;   ///< by trigger
        bool stream_open = false;
        bool stream_lost = false;  ///< closed after being open, not yet open again
        std::uint64_t stream_reconnects = 0;
        std::map<std::string_view, std::uint64_t> failures_by_reason;
        std::map<std::string_view, std::uint64_t> node_fetches;    ///< by result
        std::map<std::string_view, std::uint64_t> bytes_received;  ///< by request kind
        std::string last_error;
    };

    void write_poll_metrics(telemetry::exposition& out) const;
    void write_target_metrics(telemetry::exposition& out) const;
    void write_event_metrics(telemetry::exposition& out) const;
    void write_traffic_metrics(telemetry::exposition& out) const;

    settings settings_;
    clock::time_point started_;
    std::vector<master_counts> masters_;
    std::size_t current_ = 0;
    std::uint64_t rotations_ = 0;
    telemetry::histogram poll_duration_;
    telemetry::histogram event_delay_;
    std::map<std::pair<std::string, std::string>, std::uint64_t> events_;
    std::optional<clock::time_point> last_success_;
    std::optional<std::chrono::system_clock::time_point> last_success_wall_;
    std::optional<std::size_t> last_answered_by_;
    bool last_cycle_answered_ = false;
    std::vector<std::size_t> last_cycle_failures_;  ///< masters that failed in the last cycle
    std::map<std::string, std::uint64_t, std::less<>> targets_by_role_;
    std::map<std::string, std::uint64_t, std::less<>> nodes_by_status_;
    std::size_t malformed_nodes_ = 0;
    std::uint64_t writes_ = 0;
    std::uint64_t write_errors_ = 0;
};

}  // namespace swarmsd::telemetry
