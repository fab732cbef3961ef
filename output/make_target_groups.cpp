#include "output/make_target_groups.hpp"

#include <algorithm>
#include <array>
#include <tuple>
#include <unordered_map>

#include "output/node_label_names.hpp"
#include "text/address.hpp"
#include "text/label_name.hpp"

namespace swarmsd::output {
namespace {

using namespace node_label_names;

// A fixed name's number: its place in `written_order`, whose names every build gives its groups
// first, in order (see `make_target_groups`).
constexpr std::uint32_t number_of(std::string_view name) {
    for (std::size_t i = 0; i < written_order.size(); ++i) {
        if (written_order[i] == name) return static_cast<std::uint32_t>(i);
    }
    throw "not a name of written_order";  // in a constant expression: a compile error
}
template <const std::string_view& Name>
constexpr std::uint32_t number = number_of(Name);

// A label as the builder holds it: its name, to order by, and the name's number.
struct entry {
    std::string_view name;
    std::uint32_t id;
    std::string_view value;
};

template <const std::string_view& Name>
entry fixed(std::string_view value) {
    return {Name, number<Name>, value};
}

// A node's own label keys made label names (`__meta_swarm_node_label_<key sanitized>`), each
// distinct key once per build, not once per node.
class name_cache {
  public:
    name_cache(std::string_view prefix, target_groups& groups) : prefix_(prefix), groups_(groups) {}

    std::pair<std::string_view, std::uint32_t> name_for(std::string_view key) {
        auto [it, added] = names_.try_emplace(key);
        if (added) {
            scratch_.assign(prefix_).append(text::sanitize_label_name(key));
            auto name = groups_.keep(scratch_);
            it->second = {name, groups_.name_id(name)};
        }
        return it->second;
    }

  private:
    std::string_view prefix_;
    target_groups& groups_;
    std::unordered_map<std::string_view, std::pair<std::string_view, std::uint32_t>> names_;
    std::string scratch_;
};

// Appends one block of key-made labels to `own`, sorted by name. Keys that sanitize alike
// (`a.b`, `a-b`): the first key in sorted order wins, so the output is stable.
void add_block(std::vector<entry>& own, const parser::label_map& from, name_cache& names) {
    auto first = own.size();
    for (const auto& [key, value] : from) {
        auto [name, id] = names.name_for(key);
        own.push_back({name, id, value});
    }
    auto by_name = [](const entry& a, const entry& b) { return a.name < b.name; };
    auto block = own.begin() + static_cast<std::ptrdiff_t>(first);
    std::stable_sort(block, own.end(), by_name);
    auto same_name = [](const entry& a, const entry& b) { return a.id == b.id; };
    own.erase(std::unique(block, own.end(), same_name), own.end());
}

template <const std::string_view& Name>
void add_if(std::vector<entry>& own, const std::optional<std::string>& value) {
    if (value && !value->empty()) own.push_back(fixed<Name>(*value));
}

struct builder {
    target_groups& out;
    const group_sink& each;
    std::vector<entry> extra;  // `--label`, sorted (a std::map's order)
    std::vector<entry> own;    // the group being built, reused
    name_cache node_labels{node_label_block, out};
    name_cache engine_labels{engine_label_block, out};

    // The group's own labels, then the `--label` ones merged in by name; a name the builder
    // wrote wins, so `--label` never hides discovery data.
    void finish(std::string_view target) {
        out.begin_group(target);
        auto e = extra.begin();
        for (const auto& l : own) {
            for (; e != extra.end() && e->name < l.name; ++e) out.add_label(e->id, e->value);
            if (e != extra.end() && e->id == l.id) ++e;
            out.add_label(l.id, l.value);
        }
        for (; e != extra.end(); ++e) out.add_label(e->id, e->value);
        if (each) each(out[out.size() - 1]);
    }

    void node_group(const parser::node& n, std::string_view target, std::string_view master) {
        own.clear();
        const auto* d = n.swarm_mode ? &*n.swarm_mode : nullptr;
        if (!master.empty()) own.push_back(fixed<master_url>(master));
        own.push_back(fixed<node_address>(n.address));
        if (d) {
            own.push_back(fixed<node_availability>(d->availability));
            add_block(own, d->engine_labels, engine_labels);
        }
        add_if<node_error>(own, n.error);
        if (d) own.push_back(fixed<node_hostname>(d->hostname));
        add_if<node_id>(own, n.id);
        add_block(own, n.labels, node_labels);
        if (d) {
            add_if<manager_address>(own, d->manager_address);
            if (d->manager_leader)
                own.push_back(fixed<manager_leader>(*d->manager_leader ? "true" : "false"));
            add_if<manager_reachability>(own, d->manager_reachability);
        }
        own.push_back(fixed<node_name>(n.name));
        if (d) {
            add_if<platform_architecture>(own, d->platform_architecture);
            add_if<platform_os>(own, d->platform_os);
            own.push_back(fixed<node_role>(d->role));
        }
        add_if<server_version>(own, n.server_version);
        add_if<node_status>(own, n.status);
        own.push_back(fixed<role>("node"));
        finish(target);
    }

    void master_group(std::string_view target, std::string_view url) {
        own.clear();
        own.push_back(fixed<master_url>(url));
        own.push_back(fixed<role>("master"));
        finish(target);
    }
};

// On a large cluster the nodes' data has left the cache by the time the groups are built, and a
// node's fields, its details, its label arrays and their keys lie in separate blocks, each found
// through the one before. Each is asked for some nodes ahead, so that the misses overlap instead
// of coming one after another.
// (GCC removes a loop that does nothing but prefetch, as having no effect: the empty `asm`
// statement keeps it.)
void prefetch(const void* data, std::size_t size) {
    const char* p = static_cast<const char*>(data);
    for (std::size_t at = 0; at < size; at += 64) {
        __builtin_prefetch(p + at);
        asm volatile("");
    }
}

void prefetch_array(const parser::label_map& labels) {
    if (!labels.empty()) prefetch(&*labels.begin(), labels.size() * sizeof(*labels.begin()));
}

void prefetch_keys(const parser::label_map& labels) {
    for (const auto& [key, value] : labels) prefetch(key.data(), 1);
}

void prefetch_ahead(const auto& sorted, std::size_t i) {
    auto ahead = [&](std::size_t by) -> const parser::node* {
        return i + by < sorted.size() ? sorted[i + by].node : nullptr;
    };
    if (const auto* n = ahead(16)) prefetch(n, sizeof(*n));
    if (const auto* n = ahead(8)) {
        prefetch_array(n->labels);
        if (n->swarm_mode) prefetch(&*n->swarm_mode, sizeof(*n->swarm_mode));
    }
    if (const auto* n = ahead(4)) {
        prefetch_keys(n->labels);
        if (n->swarm_mode) prefetch_array(n->swarm_mode->engine_labels);
    }
    if (const auto* n = ahead(2); n && n->swarm_mode) prefetch_keys(n->swarm_mode->engine_labels);
}

// A node with a host to scrape, and its target.
struct scrapable {
    const parser::node* node;
    std::string_view target;
};

struct scrapable_nodes {
    std::vector<scrapable> in_order;  // the order their groups are written: name, then address
    std::size_t labels = 0;           // at most every label their groups can get
};

// One pass over the nodes in the master's order, which is the order they lie in memory: the
// targets are made and the labels counted here, so that the groups are then built in one pass.
scrapable_nodes scrapable_in_order(const std::vector<parser::node>& nodes,
                                   const group_options& options, target_groups& out) {
    scrapable_nodes found;
    found.in_order.reserve(nodes.size());
    for (const auto& n : nodes) {
        if (n.endpoint.host.empty()) continue;
        found.in_order.push_back(
            {&n, out.keep(text::join_host_port(n.endpoint.host, options.cadvisor_port))});
        found.labels += written_order.size() + options.extra_labels.size() + n.labels.size() +
                        (n.swarm_mode ? n.swarm_mode->engine_labels.size() : 0);
    }
    auto before = [](const scrapable& a, const scrapable& b) {
        return written_before(*a.node, *b.node);
    };
    // Masters often list nodes in name order already: then there is nothing to sort.
    auto& sorted = found.in_order;
    if (!std::is_sorted(sorted.begin(), sorted.end(), before))
        std::stable_sort(sorted.begin(), sorted.end(), before);
    return found;
}

}  // namespace

bool written_before(const parser::node& a, const parser::node& b) {
    return std::tie(a.name, a.address) < std::tie(b.name, b.address);
}

target_groups make_target_groups(const std::vector<parser::node>& nodes, parser::cluster_mode mode,
                                 const group_options& options, const group_sink& each,
                                 group_nodes* nodes_of) {
    target_groups out;
    for (auto name : written_order) (void)out.name_id(name);  // numbered as `number_of` says
    auto [sorted, labels] = scrapable_in_order(nodes, options, out);
    // The label array is allocated once, never moved.
    labels += options.masters.size() * (2 + options.extra_labels.size());
    out.reserve(sorted.size() + options.masters.size(), labels);

    // One group per configured TCP master, except where its cAdvisor is one listed already: a
    // master that runs on a node joins that node's group (one target per cAdvisor, never two
    // scrapes of it), and masters on one host make one group. The first master named wins.
    std::vector<std::string_view> master_of_node(sorted.size());
    std::vector<std::pair<std::string_view, std::string_view>> masters;  // target, url
    if (mode == parser::cluster_mode::classic) {
        for (const auto& master : options.masters) {
            if (master.host.empty()) continue;
            auto target = text::join_host_port(master.host, options.cadvisor_port);
            auto has_target = [&](const auto& m) { return m.first == target; };
            if (std::any_of(masters.begin(), masters.end(), has_target)) continue;
            auto node = std::find_if(sorted.begin(), sorted.end(),
                                     [&](const scrapable& s) { return s.target == target; });
            if (node == sorted.end()) {
                masters.emplace_back(out.keep(target), master.url);
            } else if (auto& url = master_of_node[static_cast<std::size_t>(node - sorted.begin())];
                       url.empty()) {
                url = master.url;
            }
        }
    }

    builder b{out, each, {}, {}};
    for (const auto& [name, value] : options.extra_labels)
        b.extra.push_back({name, out.name_id(name), value});
    if (nodes_of) {
        nodes_of->assign(masters.size(), no_node);
        nodes_of->reserve(masters.size() + sorted.size());
        for (const auto& s : sorted)
            nodes_of->push_back(static_cast<std::size_t>(s.node - nodes.data()));
    }
    for (const auto& [target, url] : masters) b.master_group(target, url);
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        prefetch_ahead(sorted, i);
        b.node_group(*sorted[i].node, sorted[i].target, master_of_node[i]);
    }
    return out;
}

}  // namespace swarmsd::output
