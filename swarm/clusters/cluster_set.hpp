#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "output/publisher.hpp"
#include "swarm/clusters/cluster_config.hpp"
#include "swarm/clusters/cluster_discovery.hpp"
#include "swarm/clusters/file_sink.hpp"
#include "swarm/telemetry/log.hpp"
#include "swarm/web/routes.hpp"

namespace swarmsd::swarm {

/// The clusters the daemon runs, and what the outputs make of them: every cluster's targets in
/// one text (`--output.file`, `/targets`), each cluster's alone (`?cluster=`, `--output.dir`),
/// health, metrics and the status page. Without `--config.file` it runs one cluster, with no
/// name, and every output is exactly that cluster's.
class cluster_set {
  public:
    using clock = std::chrono::steady_clock;

    /// `process`: the process settings (outputs, web, health), as the command line gave them.
    cluster_set(boost::asio::any_io_executor executor, const config::settings& process,
                const telemetry::logger& log);
    cluster_set(const cluster_set&) = delete;
    cluster_set& operator=(const cluster_set&) = delete;

    /// How a configuration changed the clusters.
    struct changes {
        std::size_t added = 0, changed = 0, removed = 0, unchanged = 0;
    };

    /// Makes `specs` the clusters, matched by name: an unchanged one keeps running untouched; a
    /// changed one is started anew, its old targets served until the new one lists; a removed
    /// one's targets (and `--output.dir` file) go at once; an added one starts.
    changes apply(std::vector<cluster_spec> specs);

    /// Lists every cluster in full at once (SIGHUP).
    void poll_all();

    /// A reading of `--config.file` succeeded or not, for the metrics.
    void record_reload(bool ok);

    [[nodiscard]] web::targets_answer targets(const web::query& asked);
    [[nodiscard]] web::health_lookup health(const web::query& asked, clock::time_point now) const;
    [[nodiscard]] web::status_view status(clock::time_point now) const;
    [[nodiscard]] std::string metrics_text();

    /// The names of the clusters, in configured order.
    [[nodiscard]] std::vector<std::string> names() const;

  private:
    /// A cluster by name: the one running, and while a changed one has not listed yet, the one
    /// it replaced (whose targets are served until then).
    struct entry {
        std::unique_ptr<cluster_discovery> now;
        std::unique_ptr<cluster_discovery> before;
        cluster_spec spec;
        [[nodiscard]] const output::published_text& targets() const;
    };

    [[nodiscard]] bool several() const { return !process_.config_file.empty(); }
    std::unique_ptr<cluster_discovery> start(const cluster_spec& spec);
    void on_changed(const std::string& name);
    void retire(std::unique_ptr<cluster_discovery> cluster);
    void sweep_retired();
    [[nodiscard]] std::string dir_file(const std::string& name) const;
    void forget_file(const std::string& name);
    void join_all();
    [[nodiscard]] const entry* find(const std::string& name) const;
    [[nodiscard]] std::string unknown_cluster(const std::string& name) const;
    [[nodiscard]] web::targets_answer service_targets(const std::string& service) const;

    boost::asio::any_io_executor executor_;
    const config::settings& process_;
    const telemetry::logger& log_;
    std::vector<entry> clusters_;  ///< in configured order
    /// Stopped, kept until their loops have returned.
    std::vector<std::unique_ptr<cluster_discovery>> retired_;
    bool sweeping_ = false;
    /// Several clusters: every cluster's text joined, for `--output.file` and `/targets`.
    output::publisher all_;
    bool all_stale_ = false;  ///< a cluster changed since `all_` was joined
    std::optional<file_sink> all_file_;
    std::uint64_t all_writes_ = 0, all_write_errors_ = 0;
    std::optional<bool> reload_ok_;
    std::chrono::system_clock::time_point reload_success_{};
};

}  // namespace swarmsd::swarm
