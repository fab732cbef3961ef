#pragma once

#include <string>
#include <utility>
#include <vector>

namespace swarmsd::testing {

/// A classic Swarm v1.2.8 `/info` body listing `nodes` (name, address) pairs, each Healthy with
/// a realistic set of sub-rows and engine labels.
std::string classic_info_body(const std::vector<std::pair<std::string, std::string>>& nodes);

/// `count` nodes named node-00001… at 10.x.y.z:2375, for large-cluster tests and benchmarks.
std::vector<std::pair<std::string, std::string>> numbered_nodes(std::size_t count);

}  // namespace swarmsd::testing
