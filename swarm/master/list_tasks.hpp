#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>
#include <optional>
#include <vector>

#include "parser/tasks.hpp"
#include "swarm/config/settings.hpp"
#include "swarm/master/engine_client.hpp"

namespace swarmsd::master {

/// One `--tasks.service` as its master answered: the service, and its tasks meant to run.
struct service_tasks {
    config::task_service asked;
    std::optional<parser::service> service;  ///< none: the master knows no such service (404)
    std::vector<parser::task> tasks;         ///< whose desired state is `running`
    bool operator==(const service_tasks&) const = default;
};

/// Asks `master` for each service (`GET /services/<name>`), then for its tasks whose desired
/// state is `running` (`GET /tasks` filtered by service and desired state). A service the master
/// does not know is no error: it has no tasks. Any other failure fails the whole listing (the
/// set is unknown).
[[nodiscard]] boost::asio::awaitable<boost::system::result<std::vector<service_tasks>>> list_tasks(
    engine_client& master, const std::vector<config::task_service>& services,
    request_notes* notes = nullptr);

}  // namespace swarmsd::master
