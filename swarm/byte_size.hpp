#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace swarmsd::swarm {

/// Reads a size in bytes: `1048576`, `512KiB`, `16MiB`, `1GiB` (also `KB`, `MB`, `GB` as powers of
/// 1000, and a trailing `B`). Throws std::invalid_argument for anything else, including zero.
[[nodiscard]] std::size_t parse_byte_size(std::string_view text);

/// The shortest exact binary spelling of `bytes`: `16MiB`, `1536KiB`, `100B`.
[[nodiscard]] std::string format_byte_size(std::size_t bytes);

}  // namespace swarmsd::swarm
