#include "output/make_task_groups.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <unordered_map>

#include "output/node_label_names.hpp"
#include "text/address.hpp"
#include "text/label_name.hpp"

namespace swarmsd::output {
namespace {

using node_label_names::prefix;

// A label while a group is put together: its name and value, both views into text that outlives
// the groups.
struct entry {
    std::string_view name;
    std::string_view value;
};

// Where a task is scraped, and the network it is reached on (none: its node, in host mode).
struct target {
    std::string address;
    const parser::task_network* network = nullptr;
};

// `10.0.1.3/24` -> `10.0.1.3` (`join_host_port` brackets an IPv6 address).
std::string_view host_of(std::string_view cidr) { return cidr.substr(0, cidr.find('/')); }

// The port `port` publishes in host mode: the task's own, or else its service's.
std::optional<std::uint16_t> host_port_of(const parser::task& task, const parser::service& service,
                                          std::uint16_t port) {
    for (const auto* ports : {&task.ports, &service.endpoint_ports}) {
        for (const auto& p : *ports) {
            if (p.target_port == port && p.publish_mode == "host" && p.published_port != 0 &&
                (p.protocol.empty() || p.protocol == "tcp"))
                return p.published_port;
        }
    }
    return std::nullopt;
}

class builder {
  public:
    builder(const std::vector<parser::node>& nodes, const group_options& options,
            std::string_view network)
        : options_(options), network_(network) {
        group_nodes nodes_of;
        node_groups_ =
            make_target_groups(nodes, parser::cluster_mode::swarm_mode, options, {}, &nodes_of);
        index(node_groups_, nodes_of, [&](std::size_t i) { return &nodes[i]; });
        // A node with no address has no group; its labels are those a group would have.
        std::vector<const parser::node*> originals;
        for (const auto& n : nodes) {
            if (!n.endpoint.host.empty() || !n.id || by_id_.contains(*n.id)) continue;
            addressless_.push_back(n);
            addressless_.back().endpoint.host = "addressless";
            originals.push_back(&n);
        }
        addressless_groups_ = make_target_groups(addressless_, parser::cluster_mode::swarm_mode,
                                                 options, {}, &nodes_of);
        index(addressless_groups_, nodes_of, [&](std::size_t i) { return originals[i]; });
    }

    task_groups build(const std::vector<service_source>& sources) {
        std::vector<std::size_t> ends;
        for (const auto& source : sources) {
            add_service(source);
            ends.push_back(out_.size());
        }
        return {std::move(out_),         std::move(skipped_),     std::move(ends),
                std::move(node_groups_), std::move(addressless_), std::move(addressless_groups_)};
    }

  private:
    void add_service(const service_source& source) {
        if (!source.service) return;
        std::vector<const parser::task*> running;
        for (const auto& t : *source.tasks) {
            if (t.state == "running" && t.desired_state == "running") running.push_back(&t);
        }
        std::sort(running.begin(), running.end(), [&](const auto* a, const auto* b) {
            return std::tie(node_name(*a), a->slot, a->id) <
                   std::tie(node_name(*b), b->slot, b->id);
        });
        std::map<std::string, std::size_t> why_skipped;
        for (const auto* t : running) {
            std::string why;
            auto at = target_of(*t, *source.service, source.port, why);
            if (!at) {
                ++why_skipped[why];
                continue;
            }
            add_group(*t, *source.service, *at);
        }
        for (auto& [why, count] : why_skipped)
            skipped_.push_back({std::string(source.asked), count, why});
    }

    // A task's node: the node itself, and its group (for its labels).
    struct node_ref {
        const parser::node* node;
        const target_groups* groups;
        std::size_t group;
    };

    void index(const target_groups& groups, const group_nodes& nodes_of, auto node_at) {
        for (std::size_t g = 0; g < nodes_of.size(); ++g) {
            if (nodes_of[g] == no_node) continue;
            const auto* n = node_at(nodes_of[g]);
            if (n->id) by_id_.emplace(*n->id, node_ref{n, &groups, g});
        }
    }

    const std::string& node_name(const parser::task& t) const {
        static const std::string none;
        const auto* n = node_of(t);
        return n ? n->name : none;
    }

    const parser::node* node_of(const parser::task& t) const {
        auto at = by_id_.find(t.node_id);
        return at == by_id_.end() ? nullptr : at->second.node;
    }

    std::optional<target> target_of(const parser::task& t, const parser::service& s,
                                    std::uint16_t port, std::string& why) const {
        std::vector<const parser::task_network*> on;
        for (const auto& n : t.networks) {
            bool wanted = network_.empty() ? !n.ingress : (n.name == network_ || n.id == network_);
            if (wanted && !n.addresses.empty() && !host_of(n.addresses[0]).empty())
                on.push_back(&n);
        }
        if (on.size() == 1)
            return target{text::join_host_port(host_of(on[0]->addresses[0]), port), on[0]};
        if (on.size() > 1) {
            std::string names;
            for (const auto* n : on) names += (names.empty() ? "" : ", ") + n->name;
            why = fmt::format("on several networks ({}): choose one with --tasks.network", names);
            return std::nullopt;
        }
        if (!network_.empty()) {
            why = fmt::format("not on network {}", network_);
            return std::nullopt;
        }
        auto published = host_port_of(t, s, port);
        const auto* node = node_of(t);
        if (published && node && !node->endpoint.host.empty())
            return target{text::join_host_port(node->endpoint.host, *published), nullptr};
        why = published ? (node ? "its node has no address" : "its node is not listed")
                        : fmt::format(
                              "on no network but ingress, and publishes no port {} in host "
                              "mode",
                              port);
        return std::nullopt;
    }

    std::string_view name(std::string_view a, std::string_view b = {}) {
        scratch_.assign(prefix).append(a).append(b);
        auto [it, added] = names_.try_emplace(scratch_);
        if (added) it->second = out_.keep(scratch_);
        return it->second;
    }

    void add_block(std::string_view block, const parser::label_map& labels) {
        for (const auto& [key, value] : labels)
            own_.push_back({name(block, text::sanitize_label_name(key)), value});
    }

    void add_group(const parser::task& t, const parser::service& s, const target& at) {
        own_.clear();
        own_.push_back({name("role"), "task"});
        own_.push_back({name("task_id"), t.id});
        // A global service's task has no slot: 0, as Prometheus' dockerswarm_sd writes it.
        own_.push_back({name("task_slot"), out_.keep(std::to_string(t.slot.value_or(0)))});
        own_.push_back({name("task_state"), t.state});
        own_.push_back({name("task_desired_state"), t.desired_state});
        if (!t.container_id.empty()) own_.push_back({name("task_container_id"), t.container_id});
        add_block("container_label_", t.container_labels);
        own_.push_back({name("service_id"), s.id});
        own_.push_back({name("service_name"), s.name});
        if (!s.mode.empty()) own_.push_back({name("service_mode"), s.mode});
        add_block("service_label_", s.labels);
        if (const auto* n = at.network) {
            own_.push_back({name("network_id"), n->id});
            own_.push_back({name("network_name"), n->name});
            if (!n->scope.empty()) own_.push_back({name("network_scope"), n->scope});
            own_.push_back({name("network_internal"), n->internal ? "true" : "false"});
            own_.push_back({name("network_ingress"), n->ingress ? "true" : "false"});
            add_block("network_label_", n->labels);
        } else {
            own_.push_back({name("task_port_publish_mode"), "host"});
        }
        // The node's labels, as its own group has them (`--label` ones merged in); the task's
        // own win over them, and over `--label`.
        auto node = by_id_.find(t.node_id);
        if (node != by_id_.end()) {
            for (const auto& l : (*node->second.groups)[node->second.group].labels) {
                if (l.name != node_label_names::role) own_.push_back({l.name, l.value});
            }
        } else {
            for (const auto& [k, v] : options_.extra_labels) own_.push_back({k, v});
        }
        std::stable_sort(own_.begin(), own_.end(),
                         [](const entry& a, const entry& b) { return a.name < b.name; });
        own_.erase(std::unique(own_.begin(), own_.end(),
                               [](const entry& a, const entry& b) { return a.name == b.name; }),
                   own_.end());
        out_.begin_group(out_.keep(at.address));
        for (const auto& l : own_) out_.add_label(l.name, l.value);
    }

    const group_options& options_;
    std::string_view network_;
    target_groups node_groups_;
    std::vector<parser::node> addressless_;
    target_groups addressless_groups_;
    std::unordered_map<std::string_view, node_ref> by_id_;
    target_groups out_;
    std::vector<skipped_tasks> skipped_;
    std::vector<entry> own_;
    std::unordered_map<std::string, std::string_view> names_;
    std::string scratch_;
};

}  // namespace

task_groups make_task_groups(const std::vector<parser::node>& nodes,
                             const std::vector<service_source>& sources,
                             const group_options& options, std::string_view network) {
    return builder(nodes, options, network).build(sources);
}

}  // namespace swarmsd::output
