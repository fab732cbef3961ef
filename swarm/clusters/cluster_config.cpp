#include "swarm/clusters/cluster_config.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

namespace swarmsd::swarm {
namespace {

// The whole of a file; none when it cannot be read.
std::optional<std::string> file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string tls_files_of(const config::tls_settings& tls) {
    std::string bytes;
    for (const auto* path : {&tls.ca_file, &tls.cert_file, &tls.key_file}) {
        if (!path->empty()) bytes += file_bytes(*path).value_or("") + '\0';
    }
    return bytes;
}

cluster_spec ready(config::named_cluster cluster) {
    try {
        auto fetch = master::make_fetch_options(cluster.discovery);
        auto files = tls_files_of(cluster.discovery.tls);
        return {std::move(cluster), std::move(fetch), std::move(files)};
    } catch (const std::invalid_argument& e) {
        if (cluster.name.empty()) throw configuration_error(e.what());
        throw configuration_error(fmt::format("cluster {}: {}", cluster.name, e.what()));
    }
}

}  // namespace

std::vector<cluster_spec> load_clusters(const config::settings& settings) {
    std::vector<cluster_spec> clusters;
    if (settings.config_file.empty()) {
        clusters.push_back(ready({"", settings}));
        return clusters;
    }
    auto text = file_bytes(settings.config_file);
    if (!text) {
        throw configuration_error(
            fmt::format("--config.file {}: cannot be read", settings.config_file));
    }
    std::vector<config::named_cluster> parsed;
    try {
        parsed = config::parse_cluster_file(*text, settings.config_file, settings);
    } catch (const config::cluster_file_error& e) {
        throw configuration_error(e.what());
    }
    for (auto& c : parsed) clusters.push_back(ready(std::move(c)));
    return clusters;
}

}  // namespace swarmsd::swarm
