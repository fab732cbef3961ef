#pragma once

#include <boost/system/result.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parser/errc.hpp"

namespace swarmsd::parser {

/// One entry of `Swarm.RemoteManagers`.
struct remote_manager {
    std::string node_id;
    std::string addr;
    bool operator==(const remote_manager&) const = default;
};

/// The `Swarm` object of a Docker Engine's `GET /info` (Engine 1.12+).
struct engine_swarm {
    std::string
        local_node_state;  ///< inactive, pending, active, error or locked; empty when absent
    bool control_available = false;  ///< true on managers
    std::string node_id;
    std::string node_addr;
    std::string error;
    std::string cluster_id;  ///< managers only
    std::optional<long long> nodes;
    std::optional<long long> managers;
    std::vector<remote_manager> remote_managers;
    bool operator==(const engine_swarm&) const = default;
};

/// What a Docker Engine's `GET /info` says about its place in a swarm.
struct engine_info {
    std::optional<std::string> server_version;
    std::optional<engine_swarm> swarm;  ///< absent before Engine 1.12 (and on a classic Swarm)
    bool operator==(const engine_info&) const = default;
};

/// Reads an Engine's `GET /info` body. Errors: `errc::not_json`, `errc::not_an_object`.
[[nodiscard]] boost::system::result<engine_info> parse_engine_info(std::string_view body);

/// Why this engine cannot list a swarm's nodes (`errc::not_in_swarm`, `swarm_locked`,
/// `not_a_manager`), or an empty code for an active manager.
[[nodiscard]] boost::system::error_code manager_problem(const engine_info& info);

/// What an engine says in a failed answer (`{"message":"The swarm does not have a leader"}`,
/// else the body's first line), made safe for a log line: control characters as spaces, at most
/// 200 bytes (cut at a character boundary). Empty when it says nothing.
[[nodiscard]] std::string engine_message(std::string_view body);

}  // namespace swarmsd::parser
