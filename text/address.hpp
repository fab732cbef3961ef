#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace swarmsd::text {

/// An address split into host (IPv6 without brackets) and port (absent when not given).
struct host_port {
    std::string host;
    std::optional<std::uint16_t> port;
    bool operator==(const host_port&) const = default;
};

/// Splits `host:port`, `dns-name:port`, `[ipv6]:port`, a bare IPv6 address or a port-less host.
/// A port that is not a number in 1..65535 leaves the whole text as the host.
[[nodiscard]] host_port split_address(std::string_view address);

/// `text` as a port: a whole decimal number from 1 (0 with `allow_zero`, "any port") to 65535,
/// nothing else. The one port reader of swarm-sd: node addresses, flags and master URLs.
[[nodiscard]] std::optional<std::uint16_t> parse_port(std::string_view text,
                                                      bool allow_zero = false) noexcept;

/// `host:port`, with an IPv6 host in brackets (`[fd00::1]:8070`).
[[nodiscard]] std::string join_host_port(std::string_view host, std::uint16_t port);

}  // namespace swarmsd::text
