#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "output/make_target_groups.hpp"
#include "swarm/ask_master.hpp"
#include "swarm/http_client.hpp"
#include "swarm/listen_address.hpp"
#include "swarm/log.hpp"
#include "swarm/master_url.hpp"
#include "swarm/web_server.hpp"

namespace swarmsd::swarm {

/// Everything the command line and the environment configure.
struct config {
    std::vector<master_url> masters;
    discovery_mode mode = discovery_mode::auto_detect;
    std::uint16_t cadvisor_port = 8070;
    std::chrono::milliseconds refresh_interval{15'000};
    fetch_options fetch;
    std::string output_file;
    bool print = false;
    bool healthcheck = false;  ///< ask a running daemon's /healthz and exit
    std::map<std::string, std::string> labels;
    std::optional<listen_address> listen;  ///< none when `--web.listen-address` is empty
    web_limits web;
    std::chrono::milliseconds stale_after{45'000};  ///< /healthz turns 503 past this age
    log_level level = log_level::info;
    log_format format = log_format::logfmt;
};

/// The web server's port when `--web.listen-address` is not given: one no common
/// Prometheus-ecosystem component uses by default.
inline constexpr std::uint16_t default_web_port = 9475;

/// A startup mistake: exit 2 with `what()` on one line.
struct usage_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// What the command line asks for.
struct command {
    enum class action { run, help, version } what = action::run;
    config settings;
    std::string text;  ///< the help or version text for those actions
};

/// Reads flags, then `SWARM_SD_*` variables from `environment` for flags not given on the command
/// line. Throws `usage_error` naming the flag or variable that is wrong.
[[nodiscard]] command parse_command_line(const std::vector<std::string>& args,
                                         const std::map<std::string, std::string>& environment);

/// The `--version` text: name, version and source revision.
[[nodiscard]] std::string version_text();

/// `config.masters` as the group builder needs them.
[[nodiscard]] output::group_options group_options_for(const config& settings);

}  // namespace swarmsd::swarm
