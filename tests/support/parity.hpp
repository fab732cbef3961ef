#pragma once

#include <map>
#include <string>
#include <vector>

namespace swarmsd::testing {

/// A target's labels.
using label_map = std::map<std::string, std::string>;

/// Prometheus' discovered targets of scrape pool `job` (from `/api/v1/targets`), by node ID.
std::map<std::string, label_map> discovered_by_id(const std::string& api_answer,
                                                  const std::string& job);

/// swarm-sd's target groups (file_sd JSON), by node ID, the target as `__address__`.
std::map<std::string, label_map> printed_by_id(const std::string& file_sd);

/// How swarm-sd's labels of a node differ from Prometheus' dockerswarm_sd ones (each
/// `__meta_dockerswarm_node_X` against `__meta_swarm_node_X`, and the target), one line each;
/// `compared` counts the labels compared. The deliberate difference, a manager whose
/// Status.Addr is 0.0.0.0 (Prometheus: target 0.0.0.0:port; swarm-sd: its manager address's
/// host), is not a difference.
std::vector<std::string> parity_differences(const label_map& theirs, const label_map& ours,
                                            std::size_t& compared);

}  // namespace swarmsd::testing
