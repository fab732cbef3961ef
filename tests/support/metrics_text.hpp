#pragma once

#include <cstdint>
#include <string>

namespace swarmsd::testing {

/// The value of one sample line (`name{labels}` exactly as written) of a /metrics text, or -1
/// when it is not there.
double sample(const std::string& metrics, const std::string& series);

/// The daemon's /metrics text on 127.0.0.1:`port`, or "" when it does not answer.
std::string metrics_of(std::uint16_t port);

}  // namespace swarmsd::testing
