#pragma once

#include <string>
#include <string_view>

#include "swarm/telemetry.hpp"

namespace swarmsd::swarm {

/// One HTTP answer, before it goes on the wire.
struct web_answer {
    unsigned status = 200;
    std::string content_type;
    std::string body;
    bool operator==(const web_answer&) const = default;
};

/// Answers a request to the built-in web server: `GET /metrics`, `/healthz` and `/targets`
/// (`HEAD` too); 404 for any other path, 405 for any other method. The query string is ignored.
/// Owns no I/O, so every answer can be tested without a socket.
[[nodiscard]] web_answer answer_request(std::string_view method, std::string_view target,
                                        const telemetry& state, telemetry::clock::time_point now);

}  // namespace swarmsd::swarm
