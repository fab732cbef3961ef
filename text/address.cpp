#include "text/address.hpp"

#include "text/trim.hpp"

namespace swarmsd::text {
namespace {

// Swarm pads what it writes; flags and URLs are read exactly.
std::optional<std::uint16_t> to_port(std::string_view s) { return parse_port(trim(s)); }

}  // namespace

std::optional<std::uint16_t> parse_port(std::string_view text, bool allow_zero) noexcept {
    unsigned n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || n > 65535 ||
        (n == 0 && !allow_zero)) {
        return std::nullopt;
    }
    return static_cast<std::uint16_t>(n);
}

std::string join_host_port(std::string_view host, std::uint16_t port) {
    auto port_text = std::to_string(port);
    if (host.find(':') != std::string_view::npos)
        return std::string("[").append(host).append("]:").append(port_text);
    return std::string(host).append(":").append(port_text);
}

host_port split_address(std::string_view address) {
    address = trim(address);
    if (address.starts_with('[')) {
        auto close = address.find(']');
        if (close != std::string_view::npos) {
            auto host = address.substr(1, close - 1);
            auto rest = address.substr(close + 1);
            if (rest.empty()) return {std::string(host), std::nullopt};
            if (rest.front() == ':') {
                if (auto port = to_port(rest.substr(1))) return {std::string(host), port};
            }
        }
        return {std::string(address), std::nullopt};
    }
    auto colon = address.rfind(':');
    // Two or more colons without brackets: a bare IPv6 address, which carries no port.
    if (colon == std::string_view::npos || address.find(':') != colon) {
        return {std::string(address), std::nullopt};
    }
    if (auto port = to_port(address.substr(colon + 1))) {
        return {std::string(address.substr(0, colon)), port};
    }
    return {std::string(address), std::nullopt};
}

}  // namespace swarmsd::text
