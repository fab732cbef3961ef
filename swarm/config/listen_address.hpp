#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace swarmsd::config {

/// Where the web server listens (`--web.listen-address`).
struct listen_address {
    std::string text;  ///< as given
    std::string ip;    ///< a literal address; `::` (IPv6 and IPv4) for `:port`
    std::uint16_t port = 0;
    bool operator==(const listen_address&) const = default;
};

/// Reads `:PORT` (every interface, IPv6 and IPv4), `IPV4:PORT`, `[IPV6]:PORT` or `localhost:PORT`;
/// port 0 lets the kernel choose. Throws std::invalid_argument saying what is wrong, for a host
/// name as well: a listener must not wait on DNS.
[[nodiscard]] listen_address parse_listen_address(std::string_view text);

}  // namespace swarmsd::config
