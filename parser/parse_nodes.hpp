#pragma once

#include <boost/system/result.hpp>
#include <cstddef>
#include <string_view>
#include <vector>

#include "parser/errc.hpp"
#include "parser/swarm_info.hpp"

namespace swarmsd::parser {

/// What a swarm-mode manager's `GET /nodes` lists.
struct node_list {
    std::vector<node> nodes;  ///< in the manager's order, each with `swarm_mode` set
    std::size_t skipped =
        0;  ///< entries that were not a usable node: not an object, no ID, a repeated ID
    bool operator==(const node_list&) const = default;
};

/// Reads a `GET /nodes` body (Engine 1.12 through 28.x shapes). A malformed entry is skipped and
/// counted, never the whole answer. A node whose `Status.Addr` is `0.0.0.0`, `::` or empty (a
/// known trap on managers) gets the host of `ManagerStatus.Addr` as its address. Errors:
/// `errc::not_json`, `errc::not_a_node_list`.
[[nodiscard]] boost::system::result<node_list> parse_nodes(std::string_view body);

}  // namespace swarmsd::parser
