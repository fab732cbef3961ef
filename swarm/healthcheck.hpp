#pragma once

#include <cstdio>

#include "swarm/config/settings.hpp"

namespace swarmsd::swarm {

/// `--healthcheck`: asks the `/healthz` of the daemon that `settings` configure (on
/// `--web.listen-address`; an every-interface address is asked on loopback), prints its one-line
/// answer on `out`, and returns 0 when it answered 200, 1 otherwise. For a Docker HEALTHCHECK in
/// an image without curl.
[[nodiscard]] int run_healthcheck(const config::settings& settings, std::FILE* out);

}  // namespace swarmsd::swarm
