#pragma once

#include <algorithm>
#include <array>
#include <string_view>

namespace swarmsd::output::node_label_names {

/// Every `__meta_swarm_*` label a node's (or a master's) group carries is named here, once.
constexpr std::string_view prefix = "__meta_swarm_";

// Every name a group can carry, in the order a group's labels are written: sorted, so that each
// group comes out sorted without sorting it. Two blocks of names made from the nodes' own label
// keys sit between fixed ones (checked below).
constexpr std::string_view master_url = "__meta_swarm_master_url";
constexpr std::string_view node_address = "__meta_swarm_node_address";
constexpr std::string_view node_availability = "__meta_swarm_node_availability";
constexpr std::string_view engine_label_block = "__meta_swarm_node_engine_label_";
constexpr std::string_view node_error = "__meta_swarm_node_error";
constexpr std::string_view node_hostname = "__meta_swarm_node_hostname";
constexpr std::string_view node_id = "__meta_swarm_node_id";
constexpr std::string_view node_label_block = "__meta_swarm_node_label_";
constexpr std::string_view manager_address = "__meta_swarm_node_manager_address";
constexpr std::string_view manager_leader = "__meta_swarm_node_manager_leader";
constexpr std::string_view manager_reachability = "__meta_swarm_node_manager_reachability";
constexpr std::string_view node_name = "__meta_swarm_node_name";
constexpr std::string_view platform_architecture = "__meta_swarm_node_platform_architecture";
constexpr std::string_view platform_os = "__meta_swarm_node_platform_os";
constexpr std::string_view node_role = "__meta_swarm_node_role";
constexpr std::string_view server_version = "__meta_swarm_node_server_version";
constexpr std::string_view node_status = "__meta_swarm_node_status";
constexpr std::string_view role = "__meta_swarm_role";

/// The cluster a group comes from, with `--config.file` (each of its clusters is named there).
/// Not one of the builders' own: it is handed to them as an extra label.
constexpr std::string_view cluster = "__meta_swarm_cluster";

constexpr std::array written_order{master_url,
                                   node_address,
                                   node_availability,
                                   engine_label_block,
                                   node_error,
                                   node_hostname,
                                   node_id,
                                   node_label_block,
                                   manager_address,
                                   manager_leader,
                                   manager_reachability,
                                   node_name,
                                   platform_architecture,
                                   platform_os,
                                   node_role,
                                   server_version,
                                   node_status,
                                   role};
// Sorted, and no fixed name starts with a block's prefix: then every name of a block sorts
// between the fixed names around it, whatever the key that made it.
static_assert(std::is_sorted(written_order.begin(), written_order.end()));
static_assert(!node_error.starts_with(engine_label_block) &&
              !manager_address.starts_with(node_label_block));

}  // namespace swarmsd::output::node_label_names
