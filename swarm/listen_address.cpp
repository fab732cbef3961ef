#include "swarm/listen_address.hpp"

#include <fmt/format.h>

#include <boost/asio/ip/address.hpp>
#include <charconv>
#include <stdexcept>

namespace swarmsd::swarm {

listen_address parse_listen_address(std::string_view text) {
    auto fail = [&](std::string_view why) {
        return std::invalid_argument(fmt::format(
            "\"{}\" {}: want :PORT, IP:PORT or [IPV6]:PORT (empty turns the web server off)", text,
            why));
    };
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos) throw fail("has no port");
    auto host = text.substr(0, colon);
    auto port_text = text.substr(colon + 1);
    unsigned port = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (port_text.empty() || ec != std::errc{} || end != port_text.data() + port_text.size() ||
        port > 65535) {
        throw fail("has no port number from 0 to 65535");
    }
    bool bracketed = host.size() >= 2 && host.front() == '[' && host.back() == ']';
    if (bracketed) host = host.substr(1, host.size() - 2);
    std::string ip = host.empty()          ? "0.0.0.0"
                     : host == "localhost" ? "127.0.0.1"
                                           : std::string(host);
    boost::system::error_code parse_ec;
    auto address = boost::asio::ip::make_address(ip, parse_ec);
    if (parse_ec) throw fail("is not an IP address");
    if (address.is_v6() != bracketed)
        throw fail("needs brackets around an IPv6 address, and only there");
    return {std::string(text), ip, static_cast<std::uint16_t>(port)};
}

}  // namespace swarmsd::swarm
