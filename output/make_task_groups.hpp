#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "output/make_target_groups.hpp"
#include "output/target_group.hpp"
#include "parser/node.hpp"
#include "parser/tasks.hpp"

namespace swarmsd::output {

/// One `--tasks.service` and what its master said of it.
struct service_source {
    std::string_view asked;          ///< the name or ID it was given by
    std::uint16_t port = 0;          ///< its exporter's container port
    const parser::service* service;  ///< null: the master knows no such service
    const std::vector<parser::task>* tasks;
};

/// Tasks of one service left out, for one reason (a log line each).
struct skipped_tasks {
    std::string service;
    std::size_t count = 0;
    std::string why;
    bool operator==(const skipped_tasks&) const = default;
};

/// The groups of the services' tasks, and what was left out.
struct task_groups {
    target_groups groups;
    std::vector<skipped_tasks> skipped;
    /// For each source, where its groups end in `groups`: they begin where the source before's
    /// end.
    std::vector<std::size_t> service_ends;
    target_groups node_groups;  ///< the nodes' groups, whose labels `groups` view into
    /// Nodes without an address have no group of their own, yet their tasks have their labels:
    /// copies of them given a placeholder address, and their groups (only their labels count).
    std::vector<parser::node> addressless_nodes;
    target_groups addressless_groups;
};

/// One group per running task (its state and desired state both `running`), in the order the
/// services were given, then by node name, slot and task ID. Its target is the task's address on
/// `network` (name or ID; empty: its one network that is not `ingress`) and the service's port;
/// a task on no such network that publishes the port in host mode is its node's address and the
/// published port. Its labels: every label its node's group has (`--label` ones too), with
/// `__meta_swarm_role` = `task`, and the task's, service's and network's labels, named as
/// Prometheus' `dockerswarm_sd` names them (`__meta_swarm_task_id`, ...). The groups view into
/// `nodes`, `sources` and `options`, which must outlive them.
[[nodiscard]] task_groups make_task_groups(const std::vector<parser::node>& nodes,
                                           const std::vector<service_source>& sources,
                                           const group_options& options, std::string_view network);

}  // namespace swarmsd::output
