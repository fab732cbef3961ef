#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace swarmsd::testing {

/// An HTTP answer as a client sees it.
struct http_answer {
    unsigned status = 0;
    std::string content_type;
    std::string body;
};

/// `method path` to 127.0.0.1:`port` over a new connection, as curl would send it; nullopt when
/// nothing answers within 5 s (refused, closed, timed out).
std::optional<http_answer> http_get(std::uint16_t port, const std::string& path,
                                    const std::string& method = "GET");

}  // namespace swarmsd::testing
