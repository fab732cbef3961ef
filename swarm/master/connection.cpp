#include "swarm/master/connection.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/field.hpp>

#include "swarm/master/tls_client.hpp"
#include "text/address.hpp"

namespace swarmsd::master {
namespace net = boost::asio;
namespace http = boost::beast::http;
using boost::system::error_code;
using boost::system::result;
using net::ip::tcp;

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

std::string host_header(const master_url& m) {
    if (!m.socket_path.empty()) return "localhost";  // what the Docker CLI sends over a socket, too
    return text::join_host_port(m.host, m.port);
}

}  // namespace

master_connection::master_connection(net::any_io_executor executor)
    : resolver_(executor), tcp_socket_(executor), unix_socket_(executor) {}

net::awaitable<error_code> master_connection::open(const master_url& m,
                                                   const fetch_options& options) {
    if (!m.socket_path.empty()) {
        unix_open_ = true;
        auto [ec] = co_await unix_socket_.async_connect(
            net::local::stream_protocol::endpoint(m.socket_path), use_tuple);
        co_return ec;
    }
    // A literal address needs no lookup; that keeps the resolver's single background thread free
    // for names, and a numeric master can never wait on DNS.
    error_code not_ip;
    auto address = net::ip::make_address(m.host, not_ip);
    auto port = std::to_string(m.port);
    tcp::resolver::results_type endpoints;
    if (!not_ip) {
        endpoints =
            tcp::resolver::results_type::create(tcp::endpoint(address, m.port), m.host, port);
    } else {
        auto [ec, found] = co_await resolver_.async_resolve(m.host, port, use_tuple);
        if (ec) co_return ec;
        endpoints = std::move(found);
    }
    if (auto [ec, ep] = co_await net::async_connect(tcp_socket_, endpoints, use_tuple); ec)
        co_return ec;
    if (!m.tls) co_return error_code{};
    if (!options.tls) co_return error_code(net::error::operation_not_supported);
    co_return co_await handshake(m, *options.tls);
}

// Verification (when on) checks the chain against the context's CAs and the certificate against
// `--tls.server-name` or the master's host; SNI carries a name.
net::awaitable<error_code> master_connection::handshake(const master_url& m,
                                                        const tls_client& tls) {
    auto& stream = tls_.emplace(tcp_socket_, *tls.context);
    const auto& name = tls.server_name.empty() ? m.host : tls.server_name;
    auto* ssl = stream.native_handle();
    error_code not_ip;
    (void)net::ip::make_address(name, not_ip);
    if (not_ip) SSL_set_tlsext_host_name(ssl, name.c_str());
    // OpenSSL's own name check, so that a mismatch is reported as such by SSL_get_verify_result.
    if (tls.verify && not_ip) SSL_set1_host(ssl, name.c_str());
    if (tls.verify && !not_ip) X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name.c_str());
    auto [ec] = co_await stream.async_handshake(net::ssl::stream_base::client, use_tuple);
    if (!ec) co_return ec;
    auto verdict = SSL_get_verify_result(ssl);
    if (tls.verify && verdict != X509_V_OK) co_return certificate_error(verdict);
    co_return ec;
}

void master_connection::close() {
    // The resolver cannot be interrupted mid-lookup; cancelling only detaches us from it.
    resolver_.cancel();
    error_code ignored;
    tcp_socket_.close(ignored);
    unix_socket_.close(ignored);
}

http::request<http::empty_body> get_request(const master_url& m, const std::string& target,
                                            bool keep_alive) {
    http::request<http::empty_body> request{http::verb::get, target, 11};
    request.set(http::field::host, host_header(m));
    request.set(http::field::user_agent, "swarm-sd/" SWARMSD_VERSION);
    request.set(http::field::accept, "application/json");
    request.keep_alive(keep_alive);
    return request;
}

}  // namespace swarmsd::master
