#pragma once

#include <cstdint>

namespace swarmsd::output {

/// Where cAdvisor serves /metrics when nothing else is said (`--cadvisor.port`).
inline constexpr std::uint16_t default_cadvisor_port = 8070;

}  // namespace swarmsd::output
