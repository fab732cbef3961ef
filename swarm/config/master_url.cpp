#include "swarm/config/master_url.hpp"

#include <sys/un.h>

#include <boost/url/parse.hpp>
#include <stdexcept>

#include "text/address.hpp"

namespace swarmsd::config {
namespace {

[[noreturn]] void refuse(std::string_view text, std::string_view why) {
    throw std::invalid_argument("invalid master \"" + std::string(text) +
                                "\": " + std::string(why));
}

std::uint16_t read_port(std::string_view text, std::string_view port) {
    auto n = text::parse_port(port);
    if (!n) refuse(text, "port must be a number from 1 to 65535");
    return *n;
}

// `unix:///var/run/docker.sock`: the path is the socket; there is no host, port or path prefix.
master_url with_socket(master_url master, const boost::urls::url_view& url) {
    if (url.has_authority() && !url.host().empty()) {
        refuse(master.text, "a unix socket URL has no host: write unix:///path/to/docker.sock");
    }
    master.socket_path = std::string(url.path());
    if (master.socket_path.size() < 2 || master.socket_path.front() != '/') {
        refuse(master.text, "want an absolute socket path: unix:///path/to/docker.sock");
    }
    if (master.socket_path.size() >= sizeof(sockaddr_un::sun_path))
        refuse(master.text, "socket path too long");
    return master;
}

}  // namespace

master_url parse_master_url(std::string_view text) {
    if (text.empty()) refuse(text, "empty");
    auto has_scheme = text.find("://") != std::string_view::npos;
    std::string full = has_scheme ? std::string(text) : "http://" + std::string(text);
    auto parsed = boost::urls::parse_uri(full);
    if (!parsed) refuse(text, "not a URL (want http://host:port, tcp://host:port or host:port)");
    const auto& url = *parsed;

    auto scheme = std::string(url.scheme());
    if (scheme != "http" && scheme != "https" && scheme != "tcp" && scheme != "unix") {
        refuse(text, "scheme must be http://, https://, tcp://, unix:// or none");
    }
    if (url.has_userinfo()) refuse(text, "credentials in the URL are not supported");
    if (url.has_query() || url.has_fragment())
        refuse(text, "a master URL takes no query or fragment");

    master_url master;
    master.text = std::string(text);
    master.tls = scheme == "https";
    if (scheme == "unix") return with_socket(std::move(master), url);
    master.host = url.host_type() == boost::urls::host_type::ipv6 ? std::string(url.host_address())
                                                                  : std::string(url.host());
    if (master.host.empty()) refuse(text, "no host");
    if (url.has_port()) {
        master.port = read_port(text, url.port());
    } else if (scheme == "http" && has_scheme) {
        master.port = 80;
    } else if (scheme == "https") {
        master.port = 443;
    } else {
        refuse(text, "no port (Swarm masters usually listen on 2375, 3376 or 4000)");
    }
    master.base_path = std::string(url.path());
    while (!master.base_path.empty() && master.base_path.back() == '/') master.base_path.pop_back();
    return master;
}

bool tls_when_configured(const master_url& master) {
    return master.socket_path.empty() && !master.tls && !master.text.starts_with("http://");
}

}  // namespace swarmsd::config
