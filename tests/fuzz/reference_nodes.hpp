#pragma once

#include <boost/system/result.hpp>
#include <string_view>

#include "parser/parse_nodes.hpp"

namespace swarmsd::fuzz {

/// `parser::parse_nodes` as a DOM reader (parse the whole body, then look members up): slower,
/// and obviously faithful to Boost.JSON's reading of repeated keys and types.
[[nodiscard]] boost::system::result<parser::node_list> reference_parse_nodes(std::string_view body);

}  // namespace swarmsd::fuzz
