#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>
#include <optional>
#include <string_view>

#include "parser/node.hpp"
#include "swarm/master/engine_client.hpp"

namespace swarmsd::master {

/// `GET /nodes/<id>` of a swarm-mode manager: the node, or nullopt when the manager answers 404
/// (the node is gone). Any other failure is an error: an answer that is not a usable node, a
/// worker's 503, the transport's errors.
[[nodiscard]] boost::asio::awaitable<boost::system::result<std::optional<parser::node>>> fetch_node(
    engine_client& master, std::string_view id, request_notes* notes = nullptr);

}  // namespace swarmsd::master
