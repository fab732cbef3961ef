#pragma once

#include <map>
#include <string>
#include <vector>

#include "output/make_task_groups.hpp"
#include "output/publisher.hpp"
#include "swarm/config/settings.hpp"
#include "swarm/master/ask_master.hpp"

namespace swarmsd::swarm {

/// The target groups of the services' tasks in `found` (a listing made with `--tasks.service`).
[[nodiscard]] output::task_groups task_groups_of(const master::discovery& found,
                                                 const output::group_options& options,
                                                 const config::task_settings& tasks);

/// What an operator should hear of a listing of tasks: each service the master does not know,
/// and each reason some of a service's tasks were left out; one line each.
[[nodiscard]] std::vector<std::string> task_warnings(const master::discovery& found,
                                                     const output::task_groups& built);

/// Each service's groups, by every name a query may give it: as it was asked for (name or ID),
/// and its name. A service the master does not know has none.
[[nodiscard]] output::publisher::named_runs groups_by_service(const master::discovery& found,
                                                              const output::task_groups& built);

}  // namespace swarmsd::swarm
