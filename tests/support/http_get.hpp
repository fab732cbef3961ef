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
    std::string www_authenticate;  ///< the header, on a 401
};

/// `method path` to 127.0.0.1:`port` over a new connection, as curl would send it; nullopt when
/// nothing answers within 5 s (refused, closed, timed out).
std::optional<http_answer> http_get(std::uint16_t port, const std::string& path,
                                    const std::string& method = "GET");

/// `GET path` over TLS to 127.0.0.1:`port`, trusting the certificates `ca_file` signs, with
/// `authorization` as the Authorization header when not empty; nullopt when the handshake or the
/// exchange fails.
std::optional<http_answer> https_get(std::uint16_t port, const std::string& path,
                                     const std::string& ca_file,
                                     const std::string& authorization = "");

/// `Basic base64(user:password)`.
std::string basic_authorization(const std::string& user, const std::string& password);

}  // namespace swarmsd::testing
