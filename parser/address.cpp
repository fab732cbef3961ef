#include "parser/address.hpp"

#include "parser/text.hpp"

namespace swarmsd::parser {
namespace {

std::optional<std::uint16_t> to_port(std::string_view s) {
    auto n = to_number<unsigned>(s);
    if (!n || *n == 0 || *n > 65535) return std::nullopt;
    return static_cast<std::uint16_t>(*n);
}

}  // namespace

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

}  // namespace swarmsd::parser
