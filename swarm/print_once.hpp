#pragma once

#include <cstdio>

#include "swarm/cli.hpp"
#include "swarm/log.hpp"

namespace swarmsd::swarm {

/// `--print`: one poll cycle; the file_sd JSON on `out` and 0 when a master answered well,
/// otherwise one error line per master on the log, nothing on `out`, and 1.
[[nodiscard]] int print_once(const config& settings, logger& log, std::FILE* out);

}  // namespace swarmsd::swarm
