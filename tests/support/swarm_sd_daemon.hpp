#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/child_process.hpp"

namespace swarmsd::testing {

/// The built swarm-sd started as a daemon with `args` plus `--web.listen-address 127.0.0.1:0`,
/// and the port the kernel gave its web server (read from its "web server listening" log line).
struct web_daemon {
    std::unique_ptr<child_process> process;
    std::uint16_t port = 0;  ///< 0 when it never logged that it listens
};

/// Starts it and waits up to 10 s for the web server.
web_daemon start_web_daemon(std::vector<std::string> args,
                            const std::map<std::string, std::string>& env = {});

}  // namespace swarmsd::testing
