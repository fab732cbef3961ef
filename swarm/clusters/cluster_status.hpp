#pragma once

#include <chrono>

#include "swarm/clusters/cluster_discovery.hpp"
#include "swarm/web/status_page.hpp"

namespace swarmsd::swarm {

/// One cluster's row on the status page: its health, each master's state (answered last, failed
/// and why, standby), its event stream, its last good listing and its target count.
[[nodiscard]] web::cluster_view cluster_row(const cluster_discovery& cluster,
                                            std::chrono::steady_clock::time_point now);

}  // namespace swarmsd::swarm
