#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace swarmsd::config {

/// A Swarm master as given with --master.
struct master_url {
    std::string text;  ///< as configured, for labels and logs
    std::string host;  ///< DNS name or IP (IPv6 without brackets); empty for a unix socket
    std::uint16_t port = 0;
    std::string base_path;  ///< path prefix before `/info`, without trailing slash; usually empty
    std::string
        socket_path;   ///< set for `unix:///path` masters, which are spoken to over that socket
    bool tls = false;  ///< HTTPS: `https://`, or `tcp://` when TLS is configured
    bool operator==(const master_url&) const = default;
};

/// True for `tcp://h:p` and `h:p` masters, which speak TLS when TLS is configured (`--tls.*` or
/// DOCKER_TLS_VERIFY), as the Docker CLI's do.
[[nodiscard]] bool tls_when_configured(const master_url& master);

/// Reads `http://h:p`, `https://h:p` (port 443 when left out), `tcp://h:p` (Docker's spelling),
/// `h:p`, each with an optional path prefix, or `unix:///path/to/docker.sock`. Throws
/// std::invalid_argument saying what is wrong.
[[nodiscard]] master_url parse_master_url(std::string_view text);

}  // namespace swarmsd::config
