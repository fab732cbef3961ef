#pragma once

#include <cstddef>
#include <string_view>

namespace swarmsd::config {

/// Reads a size in bytes: `1048576`, `512KiB`, `16MiB`, `1GiB` (also `KB`, `MB`, `GB` as powers of
/// 1000, and a trailing `B`). Throws std::invalid_argument for anything else, including zero.
[[nodiscard]] std::size_t parse_byte_size(std::string_view text);

}  // namespace swarmsd::config
