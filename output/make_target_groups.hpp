#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "output/target_group.hpp"
#include "parser/node.hpp"

namespace swarmsd::output {

/// A configured master as the group builder needs it.
struct master_target {
    std::string url;   ///< as configured, for `__meta_swarm_master_url`
    std::string host;  ///< empty for a unix-socket master, which gets no group
};

/// What the group builder needs besides the nodes.
struct group_options {
    std::vector<master_target> masters;  ///< in configured order
    std::uint16_t cadvisor_port = 0;     ///< cAdvisor's port on every node; set it (the settings
                                         ///< hold the default)
    std::map<std::string, std::string> extra_labels;  ///< `--label`, added to every group
};

/// Called with each group as soon as it is built, in order (see `file_sd_writer`).
using group_sink = std::function<void(const target_group&)>;

/// For each group, the index in the nodes of the node it was built from; `no_node` for a master's
/// group.
using group_nodes = std::vector<std::size_t>;
inline constexpr std::size_t no_node = static_cast<std::size_t>(-1);

/// True when `a`'s group is written before `b`'s: by name, then address; nodes alike in both keep
/// the order they were listed in.
[[nodiscard]] bool written_before(const parser::node& a, const parser::node& b);

/// Classic: master groups (configured order), then one group per node sorted by name then
/// address. No cAdvisor is a target twice: a master whose target is a node's joins that node's
/// group as its `__meta_swarm_master_url`, and masters on one host make one group. Swarm mode: node
/// groups only (managers are nodes), with the swarm-mode labels. Nodes without a host are left out:
/// they have nothing to scrape. Each group's labels are sorted by name, each name once; the
/// builder's own labels win over `--label` ones. The groups view into `nodes` and `options`,
/// which must outlive them. `each`, if given, sees every group the moment it is built; `nodes_of`,
/// if given, is filled with each group's node.
[[nodiscard]] target_groups make_target_groups(const std::vector<parser::node>& nodes,
                                               parser::cluster_mode mode,
                                               const group_options& options,
                                               const group_sink& each = {},
                                               group_nodes* nodes_of = nullptr);
/// Groups would view into a temporary.
target_groups make_target_groups(std::vector<parser::node>&&, parser::cluster_mode,
                                 const group_options&, const group_sink& = {},
                                 group_nodes* = nullptr) = delete;
target_groups make_target_groups(const std::vector<parser::node>&, parser::cluster_mode,
                                 group_options&&, const group_sink& = {},
                                 group_nodes* = nullptr) = delete;

}  // namespace swarmsd::output
