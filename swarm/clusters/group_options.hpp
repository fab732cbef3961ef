#pragma once

#include "output/make_target_groups.hpp"
#include "swarm/config/settings.hpp"

namespace swarmsd::swarm {

/// What the group builder needs of `settings`: the masters, cAdvisor's port and `--label`s; a
/// named cluster's groups also carry `__meta_swarm_cluster`.
[[nodiscard]] output::group_options group_options_for(const config::settings& settings,
                                                      const std::string& cluster = {});

}  // namespace swarmsd::swarm
