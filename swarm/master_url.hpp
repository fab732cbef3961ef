#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace swarmsd::swarm {

/// A Swarm master as given with --master.
struct master_url {
    std::string text;  ///< as configured, for labels and logs
    std::string host;  ///< DNS name or IP (IPv6 without brackets); empty for a unix socket
    std::uint16_t port = 0;
    std::string base_path;  ///< path prefix before `/info`, without trailing slash; usually empty
    std::string
        socket_path;  ///< set for `unix:///path` masters, which are spoken to over that socket
    bool operator==(const master_url&) const = default;
};

/// Reads `http://h:p`, `tcp://h:p` (plain HTTP, Docker's spelling), `h:p`, each with an optional
/// path prefix, or `unix:///path/to/docker.sock`. Throws std::invalid_argument saying what is
/// wrong; `https://` is refused with a reason until TLS support lands.
[[nodiscard]] master_url parse_master_url(std::string_view text);

}  // namespace swarmsd::swarm
