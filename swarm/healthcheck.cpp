#include "swarm/healthcheck.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "parser/address.hpp"
#include "swarm/master/http_client.hpp"
#include "swarm/master/tls_client.hpp"

namespace swarmsd::swarm {
namespace {

// The daemon's own address, as a client reaches it: an every-interface address on IPv4's
// loopback, which `:PORT` serves whether or not the host has IPv6.
config::master_url daemon_url(const config::listen_address& listen, bool tls) {
    auto host = listen.ip;
    if (host == "0.0.0.0" || host == "::") host = "127.0.0.1";
    auto where = parser::join_host_port(host, listen.port);
    return {(tls ? "https://" : "http://") + where, host, listen.port, "", "", tls};
}

}  // namespace

int run_healthcheck(const config::settings& settings, bool tls, std::FILE* out) {
    if (!settings.web.listen) {
        fmt::print(out, "unhealthy: the web server is off (--web.listen-address is empty)\n");
        return 1;
    }
    auto url = daemon_url(*settings.web.listen, tls);
    // The daemon's own limits: its answer is one line, and it must come within --timeout.
    master::fetch_options options{settings.request, std::nullopt};
    if (tls) options.tls = master::make_tls_client({.insecure_skip_verify = true});
    options.limits.body_limit = 64 * 1024;
    boost::asio::io_context io;
    boost::system::result<master::http_answer> answer{
        boost::system::error_code(boost::asio::error::fault)};
    boost::asio::co_spawn(io, master::http_get(url, "/healthz", options),
                          [&](std::exception_ptr failure, auto a) {
                              if (!failure) answer = std::move(a);
                          });
    io.run();
    if (!answer) {
        fmt::print(out, "unhealthy: no answer from {}/healthz: {}\n", url.text,
                   answer.error().message());
        return 1;
    }
    fmt::print(out, "{}", answer->body);
    return answer->status == 200 ? 0 : 1;
}

}  // namespace swarmsd::swarm
