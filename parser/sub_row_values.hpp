#pragma once

#include <optional>
#include <string_view>

#include "parser/node.hpp"

namespace swarmsd::parser {

/// Reads `8` or `8 (6 Running, 0 Paused, 2 Stopped)`; nullopt when there is no leading count.
[[nodiscard]] std::optional<container_counts> parse_containers(std::string_view text);

/// Reads `used / total` (`2 / 4`, `0.5 / 2`); nullopt unless both sides are numbers.
[[nodiscard]] std::optional<reserved_amount> parse_reserved(std::string_view text);

}  // namespace swarmsd::parser
