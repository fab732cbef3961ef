#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "swarm/config/cluster_file.hpp"
#include "swarm/config/settings.hpp"
#include "swarm/master/http_client.hpp"

namespace swarmsd::swarm {

/// One cluster, ready to run: its settings and how to ask its masters (certificates loaded).
struct cluster_spec {
    config::named_cluster config;
    master::fetch_options fetch;
    /// The bytes of its certificate and key files: a reload that finds them changed restarts
    /// the cluster, as it does for a changed setting.
    std::string tls_files;

    /// Whether `other` would run exactly as this one does.
    [[nodiscard]] bool same_as(const cluster_spec& other) const {
        return config == other.config && tls_files == other.tls_files;
    }
};

/// A configuration that cannot be used: one line saying where and why.
struct configuration_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// The clusters `settings` configure: those of `--config.file`, read now, or else the one
/// cluster of the flags (with no name). Throws `configuration_error`.
[[nodiscard]] std::vector<cluster_spec> load_clusters(const config::settings& settings);

}  // namespace swarmsd::swarm
