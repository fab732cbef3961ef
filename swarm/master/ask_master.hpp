#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>
#include <cstddef>
#include <string_view>
#include <vector>

#include "parser/node.hpp"
#include "swarm/config/settings.hpp"
#include "swarm/master/engine_client.hpp"
#include "swarm/master/list_tasks.hpp"

namespace swarmsd::master {

using config::discovery_mode;

/// What one master said about its cluster.
struct discovery {
    parser::cluster_mode mode = parser::cluster_mode::classic;
    std::vector<parser::node> nodes;
    std::size_t skipped_nodes = 0;  ///< malformed node entries left out
    /// With `--tasks.service`: each service's tasks, in the order the services were given.
    std::vector<service_tasks> services{};
    bool operator==(const discovery&) const = default;
};

/// Asks one master for its nodes: `/info`, then, from a swarm-mode manager, `/nodes`, and then
/// the tasks of `services` (`list_tasks`). A worker, an engine outside a swarm or a locked swarm
/// is an error saying "not a swarm manager"; a classic Swarm asked for tasks is an error saying
/// that tasks need swarm mode.
[[nodiscard]] boost::asio::awaitable<boost::system::result<discovery>> ask_master(
    engine_client& master, discovery_mode mode, request_notes* notes = nullptr,
    std::vector<config::task_service> services = {});

}  // namespace swarmsd::master
