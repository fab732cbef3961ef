#pragma once

#include <cstdio>

#include "swarm/config/settings.hpp"
#include "swarm/master/http_client.hpp"
#include "swarm/telemetry/log.hpp"

namespace swarmsd::swarm {

/// `--print`: one poll cycle; the file_sd JSON on `out` and 0 when a master answered well,
/// otherwise one error line per master on the log, nothing on `out`, and 1.
[[nodiscard]] int print_once(const config::settings& settings, const master::fetch_options& fetch,
                             telemetry::logger& log, std::FILE* out);

}  // namespace swarmsd::swarm
