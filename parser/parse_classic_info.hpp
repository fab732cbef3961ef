#pragma once

#include <boost/system/result.hpp>
#include <cstddef>
#include <limits>
#include <string_view>

#include "parser/errc.hpp"
#include "parser/node.hpp"

namespace swarmsd::parser {

/// Reads a classic Swarm master's `GET /info` body. The node table is taken from `SystemStatus`,
/// or from `DriverStatus` when that carries a `Nodes` row (old Swarm, API < 1.22); an Engine's
/// storage-driver pairs are not a node table. Malformed rows are skipped without touching their
/// neighbours. Errors: `errc::not_json`, `not_an_object`, `no_node_table`, `incomplete_node_table`.
/// Reading stops at `max_nodes` + 1 nodes: enough for the caller to refuse the answer.
[[nodiscard]] boost::system::result<classic_listing> parse_classic_info(
    std::string_view body, std::size_t max_nodes = std::numeric_limits<std::size_t>::max());

}  // namespace swarmsd::parser
