#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "swarm/config/settings.hpp"

namespace swarmsd::config {

/// A startup mistake: exit 2 with `what()` on one line.
struct usage_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// What the command line asks for.
struct command {
    enum class action { run, help, version } what = action::run;
    config::settings settings;
    std::string text;  ///< the help or version text for those actions
};

/// Reads the flags, then the `SWARM_SD_*` variables of `environment` for flags the command line
/// does not give (and DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, HOME). `--print`, `--healthcheck` and
/// the daemon all read the whole configuration this one way. Pure: opens no file. Throws
/// `usage_error` naming the flag or variable that is wrong.
[[nodiscard]] command parse_command_line(const std::vector<std::string>& args,
                                         const std::map<std::string, std::string>& environment);

/// The `--version` text: name, version and source revision.
[[nodiscard]] std::string version_text();

}  // namespace swarmsd::config
