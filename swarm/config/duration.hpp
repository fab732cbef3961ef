#pragma once

#include <chrono>
#include <string_view>

namespace swarmsd::config {

/// Reads a Prometheus-style duration: `15s`, `1m`, `1m30s`, `500ms`, `2h`, `1d`. Throws
/// std::invalid_argument for anything else, including a number without a unit and zero.
[[nodiscard]] std::chrono::milliseconds parse_duration(std::string_view text);

/// The shortest Prometheus-style spelling of `d`: `15s`, `1m30s`, `250ms`.
[[nodiscard]] std::string format_duration(std::chrono::milliseconds d);

}  // namespace swarmsd::config
