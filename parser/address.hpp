#pragma once

#include <string_view>

#include "parser/swarm_info.hpp"

namespace swarmsd::parser {

/// Splits `host:port`, `dns-name:port`, `[ipv6]:port`, a bare IPv6 address or a port-less host.
/// A port that is not a number in 1..65535 leaves the whole text as the host.
[[nodiscard]] host_port split_address(std::string_view address);

}  // namespace swarmsd::parser
