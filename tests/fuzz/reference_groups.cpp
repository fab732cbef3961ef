// The map-based group builder and renderer that output/make_target_groups.cpp and
// output/render_file_sd.cpp replaced (a std::map of owned strings per group), kept as the oracle
// the flat pipeline is fuzzed against: both must write the same bytes for every input.
#include "tests/fuzz/reference_groups.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/json/string_view.hpp>
#include <tuple>

#include "text/address.hpp"
#include "text/label_name.hpp"

namespace swarmsd::fuzz::reference {
namespace json = boost::json;
using output::group_options;
using text::sanitize_label_name;
namespace {

constexpr std::string_view prefix = "__meta_swarm_";

// `__meta_swarm_<a><b>` built in one allocation; this runs a dozen times per node per poll.
std::string meta_name(std::string_view a, std::string_view b = {}) {
    std::string name;
    name.reserve(prefix.size() + a.size() + b.size());
    name.append(prefix).append(a).append(b);
    return name;
}

void add_extra_labels(target_group& group, const group_options& options) {
    // The builder's own labels win: `--label` never hides discovery data.
    group.labels.insert(options.extra_labels.begin(), options.extra_labels.end());
}

void add_if(target_group& group, std::string_view name, const std::optional<std::string>& value) {
    if (value && !value->empty()) group.labels.emplace(meta_name(name), *value);
}

void add_labels(target_group& group, std::string_view kind, const parser::label_map& from) {
    // Keys that sanitize alike (`a.b`, `a-b`): the first in sorted order wins, so output is stable.
    for (const auto& [key, value] : from)
        group.labels.emplace(meta_name(kind, text::sanitize_label_name(key)), value);
}

void add_swarm_mode_labels(target_group& group, const parser::swarm_mode_details& d) {
    auto& labels = group.labels;
    labels.emplace(meta_name("node_role"), d.role);
    labels.emplace(meta_name("node_availability"), d.availability);
    labels.emplace(meta_name("node_hostname"), d.hostname);
    if (d.manager_leader)
        labels.emplace(meta_name("node_manager_leader"), *d.manager_leader ? "true" : "false");
    add_if(group, "node_manager_reachability", d.manager_reachability);
    add_if(group, "node_manager_address", d.manager_address);
    add_if(group, "node_platform_os", d.platform_os);
    add_if(group, "node_platform_architecture", d.platform_architecture);
    add_labels(group, "node_engine_label_", d.engine_labels);
}

target_group node_group(const parser::node& n, const group_options& options) {
    target_group group;
    group.targets.push_back(text::join_host_port(n.endpoint.host, options.cadvisor_port));
    auto& labels = group.labels;
    labels.emplace(meta_name("role"), "node");
    labels.emplace(meta_name("node_name"), n.name);
    labels.emplace(meta_name("node_address"), n.address);
    add_if(group, "node_id", n.id);
    add_if(group, "node_status", n.status);
    add_if(group, "node_error", n.error);
    add_if(group, "node_server_version", n.server_version);
    add_labels(group, "node_label_", n.labels);
    if (n.swarm_mode) add_swarm_mode_labels(group, *n.swarm_mode);
    add_extra_labels(group, options);
    return group;
}

// One group per configured TCP master, except where its cAdvisor is one listed already: a
// master that runs on a node joins that node's group (one target per cAdvisor, never two
// scrapes of it), and masters on one host make one group. The first master named wins.
std::vector<target_group> master_groups(const group_options& options,
                                        std::vector<target_group>& node_groups) {
    std::vector<target_group> groups;
    for (const auto& master : options.masters) {
        if (master.host.empty()) continue;
        auto target = text::join_host_port(master.host, options.cadvisor_port);
        auto same = [&](const target_group& g) { return g.targets.front() == target; };
        if (std::any_of(groups.begin(), groups.end(), same)) continue;
        auto node = std::find_if(node_groups.begin(), node_groups.end(), same);
        if (node != node_groups.end()) {
            node->labels.emplace(meta_name("master_url"), master.url);
            continue;
        }
        target_group group;
        group.targets.push_back(std::move(target));
        group.labels.emplace(meta_name("role"), "master");
        group.labels.emplace(meta_name("master_url"), master.url);
        add_extra_labels(group, options);
        groups.push_back(std::move(group));
    }
    return groups;
}

}  // namespace

std::vector<target_group> make_target_groups(const std::vector<parser::node>& nodes,
                                             parser::cluster_mode mode,
                                             const group_options& options) {
    std::vector<const parser::node*> sorted;
    sorted.reserve(nodes.size());
    for (const auto& n : nodes) {
        if (!n.endpoint.host.empty()) sorted.push_back(&n);
    }
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) {
        return std::tie(a->name, a->address) < std::tie(b->name, b->address);
    });
    std::vector<target_group> node_groups;
    node_groups.reserve(sorted.size());
    for (const auto* n : sorted) node_groups.push_back(node_group(*n, options));

    std::vector<target_group> groups;
    if (mode == parser::cluster_mode::classic) groups = master_groups(options, node_groups);
    groups.reserve(groups.size() + node_groups.size());
    for (auto& g : node_groups) groups.push_back(std::move(g));
    return groups;
}

namespace {

// A JSON string as Boost.JSON's serializer writes it, an escaping independent of the one under
// test; it writes \b and \f where file_sd's text has \u0008 and \u000c (both valid JSON), so
// those two are spelled that way here.
void append_quoted(std::string& out, std::string_view s) {
    auto quoted = json::serialize(json::string_view(s.data(), s.size()));
    for (std::size_t i = 0; i < quoted.size(); ++i) {
        if (quoted[i] != '\\') {
            out += quoted[i];
            continue;
        }
        char next = quoted[++i];
        out += next == 'b' ? "\\u0008" : next == 'f' ? "\\u000c" : std::string{'\\', next};
    }
}

void append_group(std::string& out, const target_group& group) {
    out += "  {\n    \"targets\": [";
    for (std::size_t i = 0; i < group.targets.size(); ++i) {
        out += i == 0 ? "\n      " : ",\n      ";
        append_quoted(out, group.targets[i]);
    }
    out += group.targets.empty() ? "],\n" : "\n    ],\n";
    out += "    \"labels\": {";
    bool first = true;
    for (const auto& [name, value] : group.labels) {
        out += first ? "\n      " : ",\n      ";
        first = false;
        append_quoted(out, name);
        out += ": ";
        append_quoted(out, value);
    }
    out += group.labels.empty() ? "}\n  }" : "\n    }\n  }";
}

}  // namespace

std::string render_file_sd(const std::vector<target_group>& groups) {
    if (groups.empty()) return "[]\n";
    std::string out = "[\n";
    out.reserve(groups.size() * 512);
    for (std::size_t i = 0; i < groups.size(); ++i) {
        if (i > 0) out += ",\n";
        append_group(out, groups[i]);
    }
    out += "\n]\n";
    return out;
}

}  // namespace swarmsd::fuzz::reference
