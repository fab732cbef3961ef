#pragma once

#include <map>
#include <string>
#include <vector>

#include "output/make_target_groups.hpp"

namespace swarmsd::fuzz::reference {

/// A target group as the map-based builder made it.
struct target_group {
    std::vector<std::string> targets;
    std::map<std::string, std::string> labels;
};

/// `output::make_target_groups` as it was: owned strings, one std::map per group.
[[nodiscard]] std::vector<target_group> make_target_groups(const std::vector<parser::node>& nodes,
                                                           parser::cluster_mode mode,
                                                           const output::group_options& options);

/// `output::render_file_sd` as it was.
[[nodiscard]] std::string render_file_sd(const std::vector<target_group>& groups);

}  // namespace swarmsd::fuzz::reference
