#include "tests/support/parity.hpp"

#include <boost/json.hpp>

#include "text/address.hpp"

namespace swarmsd::testing {
namespace {

namespace json = boost::json;

constexpr std::string_view prometheus_prefix = "__meta_dockerswarm_node_";
constexpr std::string_view swarm_sd_prefix = "__meta_swarm_node_";

label_map string_map(const json::value& object) {
    label_map out;
    for (const auto& [k, v] : object.as_object())
        out.emplace(std::string(k), std::string(v.as_string()));
    return out;
}

// Prometheus calls the engine version `engine_version`; the design calls it `server_version`.
std::string swarm_sd_name(std::string_view prometheus_name) {
    auto suffix = prometheus_name.substr(prometheus_prefix.size());
    if (suffix == "engine_version") suffix = "server_version";
    return std::string(swarm_sd_prefix) + std::string(suffix);
}

}  // namespace

std::map<std::string, label_map> discovered_by_id(const std::string& api_answer,
                                                  const std::string& job) {
    std::map<std::string, label_map> out;
    auto answer = json::parse(api_answer);
    for (const auto& t : answer.at("data").at("activeTargets").as_array()) {
        auto labels = string_map(t.at("discoveredLabels"));
        if (labels["job"] != job) continue;
        out[labels.at("__meta_dockerswarm_node_id")] = labels;
    }
    return out;
}

std::map<std::string, label_map> printed_by_id(const std::string& file_sd) {
    std::map<std::string, label_map> out;
    auto groups = json::parse(file_sd);
    for (const auto& g : groups.as_array()) {
        auto labels = string_map(g.at("labels"));
        if (!labels.contains("__meta_swarm_node_id")) continue;  // a master group
        labels["__address__"] = std::string(g.at("targets").at(0).as_string());
        out[labels.at("__meta_swarm_node_id")] = labels;
    }
    return out;
}

std::vector<std::string> parity_differences(const label_map& theirs, const label_map& ours,
                                            std::size_t& compared) {
    std::vector<std::string> differences;
    bool wildcard = theirs.contains("__meta_dockerswarm_node_address") &&
                    theirs.at("__meta_dockerswarm_node_address") == "0.0.0.0";
    for (const auto& [name, value] : theirs) {
        if (!name.starts_with(prometheus_prefix)) continue;
        ++compared;
        auto mine = ours.find(swarm_sd_name(name));
        if (mine == ours.end()) {
            differences.push_back("swarm-sd has no " + swarm_sd_name(name));
            continue;
        }
        auto expected = value;
        if (wildcard && name == "__meta_dockerswarm_node_address") {
            expected =
                text::split_address(theirs.at("__meta_dockerswarm_node_manager_address")).host;
        }
        if (mine->second != expected)
            differences.push_back(name + ": " + expected + " vs " + mine->second);
    }
    const auto& their_target = theirs.at("__address__");
    const auto& our_target = ours.at("__address__");
    if (wildcard ? (their_target == our_target) : (their_target != our_target))
        differences.push_back("target: " + their_target + " vs " + our_target);
    return differences;
}

}  // namespace swarmsd::testing
