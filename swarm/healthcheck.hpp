#pragma once

#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "swarm/config/settings.hpp"

namespace swarmsd::swarm {

/// `--healthcheck`: asks the `/healthz` of the daemon that `settings` configure (on
/// `--web.listen-address`; an every-interface address is asked on loopback), prints its one-line
/// answer on `out`, and returns 0 when it answered 200, 1 otherwise. For a Docker HEALTHCHECK in
/// an image without curl.
/// With `tls`, it speaks TLS to its own server, trusting it without a CA (it is this host's
/// own daemon, on loopback).
[[nodiscard]] int run_healthcheck(const config::settings& settings, bool tls, std::FILE* out);

/// How a process was started: its arguments (without the program) and its environment.
struct invocation {
    std::vector<std::string> args;
    std::map<std::string, std::string> environment;
};

/// How process `pid` was started, when it runs this very program (in a container, PID 1 is the
/// daemon a HEALTHCHECK checks, configured by flags, variables or both); nullopt for another
/// program, or when /proc does not tell (another user's process, no /proc).
[[nodiscard]] std::optional<invocation> same_program_invocation(int pid);

}  // namespace swarmsd::swarm
