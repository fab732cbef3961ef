#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>
#include <cstddef>
#include <string_view>
#include <vector>

#include "parser/swarm_info.hpp"
#include "swarm/config/master_url.hpp"
#include "swarm/config/settings.hpp"
#include "swarm/master/http_client.hpp"

namespace swarmsd::master {

using config::discovery_mode;

/// The Engine API version asked for first: swarm mode's `/nodes` exists from 1.24 (Engine 1.12).
inline constexpr std::string_view engine_api_version = "v1.24";

/// What one master said about its cluster.
struct discovery {
    parser::cluster_mode mode = parser::cluster_mode::classic;
    std::vector<parser::node> nodes;
    std::size_t skipped_nodes = 0;  ///< malformed node entries left out
    bool operator==(const discovery&) const = default;
};

/// `GET /v1.24<path>`, and once more unversioned when the Engine refuses that version with
/// HTTP 400 (Engine 29 and later refuse anything below 1.44). With `sink`, a good answer's body
/// goes to it as it arrives (see `fetch`).
[[nodiscard]] boost::asio::awaitable<boost::system::result<std::string>> engine_get(
    const master_url& master, std::string_view path, fetch_options options,
    exchange_notes* notes = nullptr, body_sink* sink = nullptr);

/// Asks one master for its nodes: `/info`, then, from a swarm-mode manager, `/nodes`. A worker,
/// an engine outside a swarm or a locked swarm is an error saying "not a swarm manager".
[[nodiscard]] boost::asio::awaitable<boost::system::result<discovery>> ask_master(
    const master_url& master, discovery_mode mode, fetch_options options,
    exchange_notes* notes = nullptr);

}  // namespace swarmsd::master
