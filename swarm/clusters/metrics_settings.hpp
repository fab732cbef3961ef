#pragma once

#include "swarm/config/settings.hpp"
#include "swarm/telemetry/discovery_metrics.hpp"

namespace swarmsd::swarm {

/// What the metrics need of `settings` and of the masters' room: the masters' names, the
/// intervals, and every value a label of theirs can take (failure reasons, triggers, kinds of
/// request), so that each series exists from the start.
[[nodiscard]] telemetry::discovery_metrics::settings metrics_settings(
    const config::settings& settings);

}  // namespace swarmsd::swarm
