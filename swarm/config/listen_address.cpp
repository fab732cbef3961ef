#include "swarm/config/listen_address.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <stdexcept>

#include "text/address.hpp"

namespace swarmsd::config {

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
    auto port = text::parse_port(port_text, /*allow_zero=*/true);
    if (!port) throw fail("has no port number from 0 to 65535");
    bool bracketed = host.size() >= 2 && host.front() == '[' && host.back() == ']';
    if (bracketed) host = host.substr(1, host.size() - 2);
    // `:PORT` is every interface, IPv6 and IPv4 alike, as node_exporter's listener.
    std::string ip = host.empty() ? "::" : host == "localhost" ? "127.0.0.1" : std::string(host);
    // inet_pton, not a resolver: a listener must not wait on DNS, and this room has no sockets.
    unsigned char address[sizeof(in6_addr)];
    bool v4 = ::inet_pton(AF_INET, ip.c_str(), address) == 1;
    bool v6 = !v4 && ::inet_pton(AF_INET6, ip.c_str(), address) == 1;
    if (!v4 && !v6) throw fail("is not an IP address");
    if (v6 != bracketed && !host.empty())
        throw fail("needs brackets around an IPv6 address, and only there");
    return {std::string(text), ip, *port};
}

}  // namespace swarmsd::config
