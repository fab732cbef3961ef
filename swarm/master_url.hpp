#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace swarmsd::swarm {

/// A Swarm master as given with --master.
struct master_url {
    std::string text;       ///< as configured, for labels and logs
    std::string host;       ///< DNS name or IP (IPv6 without brackets)
    std::uint16_t port = 0;
    std::string base_path;  ///< path prefix before `/info`, without trailing slash; usually empty
    bool operator==(const master_url&) const = default;
};

/// Reads `http://h:p`, `tcp://h:p` (plain HTTP, Docker's spelling) or `h:p`, with an optional
/// path prefix. Throws std::invalid_argument saying what is wrong; `https://` and `unix://` are
/// refused with a reason until TLS and socket support land.
[[nodiscard]] master_url parse_master_url(std::string_view text);

}  // namespace swarmsd::swarm
