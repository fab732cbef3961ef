#pragma once

// The metric families `discovery_metrics` exposes: each one's name, help and label names, in the
// order they appear on /metrics (docs/reference.md lists them for operators).
#include <array>
#include <string_view>

#include "swarm/telemetry/metric_family.hpp"

namespace swarmsd::telemetry::discovery_metric_families {

constexpr auto build_info =
    gauge("swarm_sd_build_info", "Always 1; the version and source revision of swarm-sd.",
          "version", "revision");
constexpr auto cluster_up =
    gauge("swarm_sd_cluster_up",
          "1 when the cluster's last listing was answered well by one of its masters, else 0 "
          "(with --config.file).");
constexpr auto config_last_reload_successful =
    gauge("swarm_sd_config_last_reload_successful",
          "1 when the last reading of --config.file was good (at start or a reload), else 0: the "
          "configuration before it stays in force.");
constexpr auto config_last_reload_success_timestamp =
    gauge("swarm_sd_config_last_reload_success_timestamp_seconds",
          "Unix time of the last good reading of --config.file.");
constexpr auto refresh_interval = gauge("swarm_sd_refresh_interval_seconds", "Time between polls.");
constexpr auto health_threshold =
    gauge("swarm_sd_health_threshold_seconds",
          "/healthz answers 503 once the last good poll is older than this.");
constexpr auto polls_total = counter(
    "swarm_sd_polls_total",
    "Requests for the node list, by master, result (success or failure) and trigger (timer, "
    "event or signal).",
    "master", "result", "trigger");
constexpr auto poll_failures_total = counter(
    "swarm_sd_poll_failures_total", "Failed requests, by master and reason.", "master", "reason");
constexpr auto rotations_total =
    counter("swarm_sd_master_rotations_total",
            "Times the master a poll starts with changed, after a failure.");
constexpr auto current_master = gauge(
    "swarm_sd_current_master",
    "1 for the master the next poll starts with (the one that answered last), else 0.", "master");
constexpr auto last_success_timestamp =
    gauge("swarm_sd_last_success_timestamp_seconds",
          "Unix time of the last poll a master answered well; 0 before the first.");
constexpr auto poll_duration = histogram_family(
    "swarm_sd_poll_duration_seconds",
    "Time one poll took, from the first master asked to the last, failovers included.");
constexpr auto targets = gauge("swarm_sd_targets",
                               "Targets in the last good answer, by role: master and node "
                               "(classic Swarm), manager and worker (swarm mode).",
                               "role");
constexpr auto nodes =
    gauge("swarm_sd_nodes", "Nodes in the last good answer, by status as the master reports it.",
          "status");
constexpr auto malformed_nodes = gauge(
    "swarm_sd_malformed_nodes", "Malformed node entries of the last answer that were left out.");
constexpr auto file_writes_total =
    counter("swarm_sd_file_writes_total", "Times the targets file was rewritten.");
constexpr auto file_write_errors_total =
    counter("swarm_sd_file_write_errors_total",
            "Failed attempts to rewrite the targets file (retried every poll).");
constexpr auto events_total =
    counter("swarm_sd_events_total",
            "Events read from the masters' streams, by type and action (other: not about nodes).",
            "type", "action");
constexpr auto stream_up = gauge("swarm_sd_event_stream_up",
                                 "1 while the master's event stream is open, else 0.", "master");
constexpr auto stream_reconnects_total =
    counter("swarm_sd_event_stream_reconnects_total",
            "Event streams opened again after one was lost, by master.", "master");
constexpr auto node_fetches_total =
    counter("swarm_sd_node_fetches_total",
            "Nodes asked for one by one after their events (swarm mode: GET /nodes/<id>), by "
            "master and result: updated, gone (404: taken out) or failed (a full listing follows).",
            "master", "result");
constexpr auto bytes_received_total =
    counter("swarm_sd_bytes_received_total",
            "Body bytes received from each master, by kind of request: listing (/info, /nodes), "
            "node (/nodes/<id>) and events (/events).",
            "master", "kind");
constexpr std::array<std::string_view, 3> fetch_results{"updated", "gone", "failed"};
constexpr auto event_delay = histogram_family(
    "swarm_sd_event_to_update_seconds",
    "Time from an event announcing a node change to the new targets being published.");

}  // namespace swarmsd::telemetry::discovery_metric_families
