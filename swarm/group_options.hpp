#pragma once

#include "output/make_target_groups.hpp"
#include "swarm/config/settings.hpp"

namespace swarmsd::swarm {

/// What the group builder needs of `settings`: the masters, cAdvisor's port and `--label`s.
[[nodiscard]] output::group_options group_options_for(const config::settings& settings);

}  // namespace swarmsd::swarm
