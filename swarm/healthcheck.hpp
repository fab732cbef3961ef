#pragma once

#include <cstdio>

#include "swarm/config/settings.hpp"

namespace swarmsd::swarm {

/// `--healthcheck`: asks the `/healthz` of the daemon that `settings` configure (on
/// `--web.listen-address`; an every-interface address is asked on loopback), prints its one-line
/// answer on `out`, and returns 0 when it answered 200, 1 otherwise. For a Docker HEALTHCHECK in
/// an image without curl.
/// With `tls`, it speaks TLS to its own server, trusting it without a CA (it is this host's
/// own daemon, on loopback).
[[nodiscard]] int run_healthcheck(const config::settings& settings, bool tls, std::FILE* out);

}  // namespace swarmsd::swarm
