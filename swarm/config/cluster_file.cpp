#include "swarm/config/cluster_file.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include "swarm/config/flag_values.hpp"

namespace swarmsd::config {
namespace {

// Where a node is, for errors: `PATH:LINE`.
struct place {
    const std::string& path;
    [[nodiscard]] std::string at(const YAML::Node& node) const {
        return fmt::format("{}:{}", path, node.Mark().line + 1);
    }
    [[noreturn]] void fail(const YAML::Node& node, std::string_view what) const {
        throw cluster_file_error(fmt::format("{}: {}", at(node), what));
    }
};

// The node's scalar text, or an error naming `key`.
std::string scalar(const place& file, const YAML::Node& node, std::string_view key) {
    if (!node.IsScalar()) file.fail(node, fmt::format("{}: want a single value", key));
    return node.Scalar();
}

// The tokens a flag would get: one scalar, or each item of a list.
std::vector<std::string> tokens(const place& file, const YAML::Node& node, std::string_view key) {
    if (!node.IsSequence()) return {scalar(file, node, key)};
    std::vector<std::string> out;
    for (const auto& item : node) out.push_back(scalar(file, item, key));
    return out;
}

// The value the flag's own reader makes of `tokens`, so that a key and its flag accept exactly
// the same spellings.
template <typename Flag>
auto read_as(const place& file, const YAML::Node& node, std::string_view key,
             std::vector<std::string> words) {
    boost::any out;
    try {
        validate(out, words, static_cast<Flag*>(nullptr), 0);
    } catch (const invalid_flag_value& e) {
        file.fail(node, fmt::format("{}: {}", key, e.why));
    } catch (const boost::program_options::error& e) {
        file.fail(node, fmt::format("{}: {}", key, e.what()));
    }
    return boost::any_cast<Flag>(out).value;
}

template <typename Flag>
auto read_as(const place& file, const YAML::Node& node, std::string_view key) {
    return read_as<Flag>(file, node, key, tokens(file, node, key));
}

bool read_bool(const place& file, const YAML::Node& node, std::string_view key) {
    auto text = scalar(file, node, key);
    if (text == "true" || text == "yes") return true;
    if (text == "false" || text == "no") return false;
    file.fail(node, fmt::format("{}: \"{}\" is not true or false", key, text));
}

// Each `key: value` of a map, once each, with a reader per known key.
using key_reader = std::function<void(const YAML::Node& value)>;

void read_map(const place& file, const YAML::Node& map, std::string_view what,
              const std::map<std::string_view, key_reader, std::less<>>& readers) {
    if (!map.IsMap()) file.fail(map, fmt::format("{}: want a map of keys", what));
    std::set<std::string, std::less<>> seen;
    for (const auto& entry : map) {
        auto key = scalar(file, entry.first, "a key");
        auto reader = readers.find(key);
        if (reader == readers.end()) {
            std::string known;
            for (const auto& [name, read] : readers)
                known += (known.empty() ? "" : ", ") + std::string(name);
            file.fail(entry.first,
                      fmt::format("unknown key \"{}\" in {} (known: {})", key, what, known));
        }
        if (!seen.insert(key).second)
            file.fail(entry.first, fmt::format("\"{}\" given twice in {}", key, what));
        reader->second(entry.second);
    }
}

// A file named in the configuration: relative to the configuration's folder.
std::string resolved(const std::filesystem::path& folder, const std::string& name) {
    if (name.empty() || std::filesystem::path(name).is_absolute()) return name;
    return (folder / name).lexically_normal().string();
}

void read_tls(const place& file, const YAML::Node& node, const std::filesystem::path& folder,
              tls_settings& tls) {
    auto path_key = [&](std::string& field, std::string_view key) {
        return [&field, &file, &folder, key](const YAML::Node& v) {
            field = resolved(folder, scalar(file, v, key));
        };
    };
    read_map(file, node, "tls",
             {{"ca_file", path_key(tls.ca_file, "tls.ca_file")},
              {"cert_file", path_key(tls.cert_file, "tls.cert_file")},
              {"key_file", path_key(tls.key_file, "tls.key_file")},
              {"server_name",
               [&](const YAML::Node& v) { tls.server_name = scalar(file, v, "tls.server_name"); }},
              {"insecure_skip_verify", [&](const YAML::Node& v) {
                   tls.insecure_skip_verify = read_bool(file, v, "tls.insecure_skip_verify");
               }}});
}

void read_labels(const place& file, const YAML::Node& node,
                 std::map<std::string, std::string>& labels) {
    if (!node.IsMap()) file.fail(node, "labels: want a map of label names to values");
    std::vector<std::string> pairs;
    for (const auto& entry : node)
        pairs.push_back(scalar(file, entry.first, "labels") + "=" +
                        scalar(file, entry.second, "labels"));
    labels = read_as<labels_flag>(file, node, "labels", pairs);
}

void read_tasks(const place& file, const YAML::Node& node, task_settings& tasks) {
    read_map(file, node, "tasks",
             {{"services",
               [&](const YAML::Node& v) {
                   tasks.services = read_as<task_services_flag>(file, v, "tasks.services");
               }},
              {"network",
               [&](const YAML::Node& v) { tasks.network = scalar(file, v, "tasks.network"); }},
              {"refresh_interval", [&](const YAML::Node& v) {
                   tasks.refresh_interval =
                       read_as<duration_flag>(file, v, "tasks.refresh_interval");
               }}});
}

// https:// masters speak TLS; tcp:// and h:p ones too once the cluster has a `tls` key, as with
// the --tls.* flags (Docker's DOCKER_TLS_VERIFY and DOCKER_CERT_PATH are the flags' alone).
void decide_tls(const place& file, const YAML::Node& node, bool tls_given, settings& s) {
    bool any_tls = false;
    for (auto& m : s.masters) {
        if (tls_given && tls_when_configured(m)) m.tls = true;
        any_tls = any_tls || m.tls;
    }
    if (tls_given && !any_tls)
        file.fail(node, "tls given, but no master speaks TLS: use https:// or tcp:// masters");
}

named_cluster read_cluster(const place& file, const YAML::Node& node,
                           const std::filesystem::path& folder, const settings& base) {
    named_cluster c{{}, base};
    auto& s = c.discovery;
    s.masters.clear();
    s.labels.clear();
    s.tasks = {};
    s.tls = {};
    bool named = false, tls_given = false;
    read_map(file, node, "a cluster",
             {{"name",
               [&](const YAML::Node& v) {
                   c.name = scalar(file, v, "name");
                   if (!is_cluster_name(c.name))
                       file.fail(v, fmt::format("name \"{}\": want [a-z0-9_-]+", c.name));
                   named = true;
               }},
              {"masters",
               [&](const YAML::Node& v) { s.masters = read_as<masters_flag>(file, v, "masters"); }},
              {"mode", [&](const YAML::Node& v) { s.mode = read_as<mode_flag>(file, v, "mode"); }},
              {"cadvisor_port",
               [&](const YAML::Node& v) {
                   s.cadvisor_port = read_as<port_flag>(file, v, "cadvisor_port");
               }},
              {"refresh_interval",
               [&](const YAML::Node& v) {
                   s.refresh_interval = read_as<duration_flag>(file, v, "refresh_interval");
               }},
              {"events", [&](const YAML::Node& v) { s.events = read_bool(file, v, "events"); }},
              {"timeout",
               [&](const YAML::Node& v) {
                   s.request.timeout = read_as<duration_flag>(file, v, "timeout");
               }},
              {"max_body_size",
               [&](const YAML::Node& v) {
                   s.request.body_limit = read_as<byte_size_flag>(file, v, "max_body_size");
               }},
              {"max_nodes",
               [&](const YAML::Node& v) {
                   s.request.max_nodes = read_as<count_flag>(file, v, "max_nodes");
               }},
              {"tls",
               [&](const YAML::Node& v) {
                   read_tls(file, v, folder, s.tls);
                   tls_given = true;
               }},
              {"labels", [&](const YAML::Node& v) { read_labels(file, v, s.labels); }},
              {"tasks", [&](const YAML::Node& v) { read_tasks(file, v, s.tasks); }}});
    if (!named) file.fail(node, "a cluster without a name: give it `name:`");
    if (s.masters.empty())
        file.fail(node, fmt::format("cluster {} has no masters: give it `masters:`", c.name));
    if (!s.tasks.services.empty() && s.mode == discovery_mode::classic)
        file.fail(node,
                  fmt::format("cluster {}: tasks and mode classic do not go together", c.name));
    if (s.health_stale_after && *s.health_stale_after < s.refresh_interval) {
        file.fail(node, fmt::format("cluster {}: --health.stale-after is shorter than its "
                                    "refresh_interval",
                                    c.name));
    }
    decide_tls(file, node, tls_given, s);
    return c;
}

}  // namespace

bool is_cluster_name(std::string_view name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

std::vector<named_cluster> parse_cluster_file(std::string_view yaml, const std::string& path,
                                              const settings& base) {
    place file{path};
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yaml));
    } catch (const YAML::ParserException& e) {
        throw cluster_file_error(fmt::format("{}:{}: {}", path, e.mark.line + 1, e.msg));
    }
    if (!root.IsMap())
        throw cluster_file_error(fmt::format("{}: want a map with a `clusters:` list", path));
    auto folder = std::filesystem::path(path).parent_path();
    std::vector<named_cluster> clusters;
    read_map(file, root, "the file",
             {{"clusters", [&](const YAML::Node& list) {
                   if (!list.IsSequence()) file.fail(list, "clusters: want a list of clusters");
                   for (const auto& entry : list) {
                       auto c = read_cluster(file, entry, folder, base);
                       for (const auto& other : clusters) {
                           if (other.name == c.name)
                               file.fail(entry,
                                         fmt::format("cluster name \"{}\" given twice", c.name));
                       }
                       clusters.push_back(std::move(c));
                   }
               }}});
    if (clusters.empty())
        throw cluster_file_error(
            fmt::format("{}: no clusters: give at least one under `clusters:`", path));
    return clusters;
}

}  // namespace swarmsd::config
