#pragma once

#include "swarm/cli.hpp"
#include "swarm/log.hpp"

namespace swarmsd::swarm {

/// Daemon mode: poll every `refresh_interval`, rewrite `output_file` when the targets change,
/// keep the last good file while every master fails. SIGHUP polls at once; SIGTERM and SIGINT
/// stop (the file is never left half-written: writes finish before a signal is handled).
/// Returns the exit code.
[[nodiscard]] int run_daemon(const config& settings, logger& log);

}  // namespace swarmsd::swarm
