#pragma once

#include <string_view>
#include <utility>

#include "parser/events.hpp"

namespace swarmsd::telemetry {

/// An event's `type` and `action` labels in `swarm_sd_events_total`: the kinds that concern nodes
/// by name, the rest as `other`, so that a master cannot grow the series without bound.
[[nodiscard]] std::pair<std::string_view, std::string_view> event_labels(
    const parser::engine_event& event);

}  // namespace swarmsd::telemetry
