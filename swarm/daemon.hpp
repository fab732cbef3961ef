#pragma once

#include <vector>

#include "swarm/clusters/cluster_config.hpp"
#include "swarm/config/settings.hpp"
#include "swarm/telemetry/log.hpp"
#include "swarm/web/web_config.hpp"

namespace swarmsd::swarm {

/// Daemon mode: each cluster's discovery loop (refresh timer, events, SIGHUP) feeds its
/// publisher; the outputs (`--output.file`, `--output.dir`, `/targets`) keep every cluster's
/// last good targets while its masters fail. With `--config.file`, SIGHUP and `POST /-/reload`
/// read the file again. SIGTERM and SIGINT stop (a file is never left half-written: writes
/// finish before a signal is handled). Returns the exit code.
[[nodiscard]] int run_daemon(const config::settings& settings, std::vector<cluster_spec> clusters,
                             web::web_security security, telemetry::logger& log);

}  // namespace swarmsd::swarm
