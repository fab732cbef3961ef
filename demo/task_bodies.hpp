#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "demo/engine_bodies.hpp"

namespace swarmsd::testing {

/// A `GET /tasks` answer of one global service `service_id`: one running task on each of `nodes`
/// (round and round, `count` in all), shaped as a real Engine 20.10 lists them (about 3 KiB
/// each: the container spec, resources, placement, and the network attachments of `ingress` and
/// the overlay network `monitoring`, each with its whole network object).
std::string swarm_tasks_body(const std::vector<swarm_node>& nodes, std::size_t count,
                             const std::string& service_id);

}  // namespace swarmsd::testing
