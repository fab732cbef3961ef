#pragma once

#include <boost/program_options/options_description.hpp>
#include <string>

#include "swarm/config/settings.hpp"

namespace swarmsd::config {

/// Every flag, typed, bound to its field of `into` (program_options' notify fills it in), with
/// `into`'s values shown as the defaults. `into` must outlive the description's use.
[[nodiscard]] boost::program_options::options_description describe_flags(settings& into);

/// The `--help` text around `flags`.
[[nodiscard]] std::string help_text(const boost::program_options::options_description& flags);

/// `SWARM_SD_` + the flag's name upper-cased, `.` and `-` as `_`: `SWARM_SD_CADVISOR_PORT`.
[[nodiscard]] std::string environment_name(const std::string& flag);

}  // namespace swarmsd::config
