#pragma once

#include <cstdio>

#include "swarm/cli.hpp"

namespace swarmsd::swarm {

/// `--healthcheck`: asks a running daemon's `/healthz` on `--web.listen-address` (an
/// every-interface address is asked on loopback), prints its one-line answer on `out`, and
/// returns 0 when it answered 200, 1 otherwise. For a Docker HEALTHCHECK in an image without
/// curl.
[[nodiscard]] int run_healthcheck(const config& settings, std::FILE* out);

}  // namespace swarmsd::swarm
