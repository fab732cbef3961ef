#pragma once

#include "swarm/config/settings.hpp"
#include "swarm/master/http_client.hpp"
#include "swarm/telemetry/log.hpp"
#include "swarm/web/web_config.hpp"

namespace swarmsd::swarm {

/// Daemon mode: the discovery loop (refresh timer, SIGHUP) feeds the publisher, which keeps
/// `output_file` and `/targets`; the last good targets stay while every master fails. SIGTERM
/// and SIGINT stop (the file is never left half-written: writes finish before a signal is
/// handled). Returns the exit code.
[[nodiscard]] int run_daemon(const config::settings& settings, const master::fetch_options& fetch,
                             web::web_security security, telemetry::logger& log);

}  // namespace swarmsd::swarm
