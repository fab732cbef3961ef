#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "output/publisher.hpp"
#include "swarm/clusters/file_sink.hpp"
#include "swarm/config/settings.hpp"
#include "swarm/master/cycle_reporter.hpp"
#include "swarm/master/discovery_loop.hpp"
#include "swarm/telemetry/discovery_metrics.hpp"
#include "swarm/telemetry/log.hpp"

namespace swarmsd::swarm {

/// One cluster's discovery: its masters' rotation and event stream, its last good targets (its
/// own published text, kept while every master fails) and its metrics. The daemon runs one, or
/// one per cluster of `--config.file`, each isolated from the others.
class cluster_discovery {
  public:
    using clock = std::chrono::steady_clock;
    /// Told each time this cluster's published text changed.
    using changed_handler = std::function<void()>;

    /// `name` empty: the one cluster of the flags (no `cluster` label, no name in the logs).
    cluster_discovery(boost::asio::any_io_executor executor, std::string name,
                      config::settings settings, const master::fetch_options& fetch,
                      const telemetry::logger& log, changed_handler on_change = {});
    cluster_discovery(const cluster_discovery&) = delete;
    cluster_discovery& operator=(const cluster_discovery&) = delete;

    /// Keeps `path` up to date with this cluster's targets (`--output.file` of one cluster, or
    /// `--output.dir`'s `<name>.json`). Before `start`.
    void keep_file(std::string path);

    /// Starts polling.
    void start();
    /// When its loop returned, after `stop`; its event follower leaves within a request's
    /// deadline of that.
    [[nodiscard]] std::optional<clock::time_point> finished() const noexcept { return finished_; }
    /// Stops polling for good (a reload removed or replaced it); its text stays readable, and
    /// nothing it publishes any more.
    void stop() {
        stopped_ = true;
        loop_.stop();
    }
    /// Lists in full at once (SIGHUP).
    void poll_now() { loop_.poll_now(); }

    [[nodiscard]] const std::string& name() const noexcept { return name_; }
    [[nodiscard]] const config::settings& settings() const noexcept { return settings_; }
    /// The targets text: null before the first good listing.
    [[nodiscard]] const output::published_text& targets() const { return publisher_.current(); }
    /// One service's text (`--tasks.service`); see `output::publisher::section`.
    [[nodiscard]] std::optional<output::published_text> service_targets(
        std::string_view service) const {
        return publisher_.section(service);
    }
    /// The master asked first now.
    [[nodiscard]] const std::string& current_master() const {
        return settings_.masters[loop_.current()].text;
    }
    /// Fresh or stale, and why (`/healthz`).
    [[nodiscard]] telemetry::health_report health(clock::time_point now) const {
        return metrics_.health(now);
    }
    /// Each master's state, for the status page.
    [[nodiscard]] telemetry::discovery_state state() const { return metrics_.state(); }
    /// This cluster's metrics, alone (`metrics_text`) or as one of several (`write_cluster`).
    [[nodiscard]] const telemetry::discovery_metrics& metrics() {
        record_bytes_received();
        return metrics_;
    }

  private:
    master::stream_events stream_events();
    void on_event(std::size_t master, const parser::engine_event& e, std::string_view caused);
    void record_bytes_received();
    void on_cycle(const master::cycle_result& cycle, clock::duration took,
                  const master::discovery_loop::cause& why);
    void on_node_round(const master::cycle_result& cycle, const master::node_round& round,
                       clock::duration took, const master::discovery_loop::cause& why);
    bool publish(const master::discovery& found,
                 const std::vector<std::size_t>* replaced = nullptr);
    output::publisher::published_groups publish_tasks(const master::discovery& found);
    [[nodiscard]] std::string file_text() const;

    std::string name_;
    config::settings settings_;
    telemetry::logger log_;
    output::group_options groups_;
    boost::asio::any_io_executor executor_;
    master::discovery_loop loop_;
    master::cycle_reporter reporter_;
    telemetry::discovery_metrics metrics_;
    output::publisher publisher_;
    std::vector<std::string> task_warnings_;
    std::optional<file_sink> file_;
    changed_handler on_change_;
    bool stopped_ = false;
    std::optional<clock::time_point> finished_;
};

}  // namespace swarmsd::swarm
