#pragma once

#include "output/make_target_groups.hpp"
#include "swarm/config/settings.hpp"

namespace swarmsd::config {

/// What the group builder needs of `settings`: the masters, cAdvisor's port and `--label`s.
[[nodiscard]] output::group_options group_options_for(const settings& settings);

}  // namespace swarmsd::config
