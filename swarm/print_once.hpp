#pragma once

#include <cstdio>
#include <vector>

#include "swarm/clusters/cluster_config.hpp"
#include "swarm/telemetry/log.hpp"

namespace swarmsd::swarm {

/// `--print`: one poll cycle per cluster, all at once; every answering cluster's file_sd JSON
/// on `out`, and 0 when some cluster's master answered well. Each failure is logged, naming its
/// master and (with several clusters) its cluster; when no cluster answered, nothing goes on
/// `out` and it returns 1.
[[nodiscard]] int print_once(const std::vector<cluster_spec>& clusters, telemetry::logger& log,
                             std::FILE* out);

}  // namespace swarmsd::swarm
