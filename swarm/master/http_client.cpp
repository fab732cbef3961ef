#include "swarm/master/http_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http.hpp>
#include <memory>
#include <optional>

#include "parser/address.hpp"
#include "swarm/master/errc.hpp"

namespace swarmsd::master {
using config::master_url;
namespace net = boost::asio;
namespace http = boost::beast::http;
using boost::system::error_code;
using boost::system::result;
using net::ip::tcp;
using unix_socket = net::local::stream_protocol;

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

// Everything one request touches. Shared between the request and its deadline, so that on
// timeout the deadline can close the socket and return at once while the abandoned request
// unwinds on its own.
struct exchange {
    explicit exchange(net::any_io_executor ex)
        : resolver(ex), tcp_socket(ex), local_socket(ex), deadline(ex) {}
    tcp::resolver resolver;
    tcp::socket tcp_socket;
    unix_socket::socket local_socket;  // for unix:// masters
    net::steady_timer deadline;
    std::optional<result<http_answer>> outcome;
};

error_code map_read_error(error_code ec) {
    if (ec == http::error::body_limit || ec == http::error::header_limit ||
        ec == http::error::buffer_overflow) {
        return errc::body_too_large;
    }
    if (ec == http::error::end_of_stream || ec == http::error::partial_message ||
        ec == net::error::eof || ec == net::error::connection_reset ||
        ec == net::ssl::error::stream_truncated) {
        return errc::closed_early;
    }
    return ec;
}

net::awaitable<result<tcp::resolver::results_type>> resolve(exchange& x, const master_url& m) {
    auto port = std::to_string(m.port);
    // A literal address needs no lookup; that keeps the resolver's single background thread free
    // for names, and a numeric master can never wait on DNS.
    error_code parse_ec;
    auto address = net::ip::make_address(m.host, parse_ec);
    if (!parse_ec)
        co_return tcp::resolver::results_type::create(tcp::endpoint(address, m.port), m.host, port);
    auto [ec, endpoints] = co_await x.resolver.async_resolve(m.host, port, use_tuple);
    if (ec) co_return ec;
    co_return endpoints;
}

std::string host_header(const master_url& m) {
    if (!m.socket_path.empty()) return "localhost";  // what the Docker CLI sends over a socket, too
    return parser::join_host_port(m.host, m.port);
}

// One GET over an already connected stream: TCP, TLS or unix alike.
template <typename Socket>
net::awaitable<result<http_answer>> talk(Socket& socket, const master_url& m,
                                         const std::string& target, std::size_t body_limit) {
    http::request<http::empty_body> request{http::verb::get, target, 11};
    request.set(http::field::host, host_header(m));
    request.set(http::field::user_agent, "swarm-sd/" SWARMSD_VERSION);
    request.set(http::field::accept, "application/json");
    request.set(http::field::connection, "close");
    if (auto [ec, n] = co_await http::async_write(socket, request, use_tuple); ec) co_return ec;

    boost::beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(body_limit);
    parser.header_limit(static_cast<std::uint32_t>(header_limit));
    if (auto [ec, n] = co_await http::async_read(socket, buffer, parser, use_tuple); ec) {
        co_return map_read_error(ec);
    }
    auto response = parser.release();
    error_code ignored;
    auto& lowest = boost::beast::get_lowest_layer(socket);
    lowest.shutdown(std::remove_reference_t<decltype(lowest)>::shutdown_both, ignored);
    co_return http_answer{response.result_int(), std::move(response.body())};
}

// The TLS handshake, then the GET. Verification (when on) checks the chain against the context's
// CAs and the certificate against `--tls.server-name` or the master's host; SNI carries a name.
net::awaitable<result<http_answer>> talk_tls(exchange& x, const master_url& m,
                                             const std::string& target,
                                             const fetch_options& options) {
    if (!options.tls)
        co_return error_code(net::error::operation_not_supported);  // cli always makes one
    const auto& tls = *options.tls;
    net::ssl::stream<tcp::socket&> stream(x.tcp_socket, *tls.context);
    const auto& name = tls.server_name.empty() ? m.host : tls.server_name;
    auto* ssl = stream.native_handle();
    error_code not_ip;
    (void)net::ip::make_address(name, not_ip);
    if (not_ip) SSL_set_tlsext_host_name(ssl, name.c_str());
    // OpenSSL's own name check, so that a mismatch is reported as such by SSL_get_verify_result.
    if (tls.verify && not_ip) SSL_set1_host(ssl, name.c_str());
    if (tls.verify && !not_ip) X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name.c_str());
    if (auto [ec] = co_await stream.async_handshake(net::ssl::stream_base::client, use_tuple); ec) {
        auto verdict = SSL_get_verify_result(ssl);
        if (tls.verify && verdict != X509_V_OK) co_return certificate_error(verdict);
        co_return ec;
    }
    co_return co_await talk(stream, m, target, options.limits.body_limit);
}

net::awaitable<result<http_answer>> run_exchange(std::shared_ptr<exchange> x, master_url m,
                                                 std::string target, fetch_options options) {
    auto body_limit = options.limits.body_limit;
    if (!m.socket_path.empty()) {
        auto [ec] =
            co_await x->local_socket.async_connect(unix_socket::endpoint(m.socket_path), use_tuple);
        if (ec) co_return ec;
        co_return co_await talk(x->local_socket, m, target, body_limit);
    }
    auto endpoints = co_await resolve(*x, m);
    if (!endpoints) co_return endpoints.error();
    if (auto [ec, ep] = co_await net::async_connect(x->tcp_socket, *endpoints, use_tuple); ec)
        co_return ec;
    if (m.tls) co_return co_await talk_tls(*x, m, target, options);
    co_return co_await talk(x->tcp_socket, m, target, body_limit);
}

}  // namespace

fetch_options make_fetch_options(const config::settings& settings) {
    fetch_options options{settings.request, std::nullopt};
    for (const auto& m : settings.masters) {
        if (m.tls) {
            options.tls = make_tls_client(settings.tls);
            break;
        }
    }
    return options;
}

net::awaitable<result<http_answer>> http_get(const master_url& master, std::string_view path,
                                             fetch_options options) {
    auto executor = co_await net::this_coro::executor;
    auto x = std::make_shared<exchange>(executor);
    x->deadline.expires_after(options.limits.timeout);
    net::co_spawn(executor, run_exchange(x, master, master.base_path + std::string(path), options),
                  [x](std::exception_ptr failure, result<http_answer> r) {
                      if (x->outcome) return;  // the deadline won
                      x->outcome = failure ? result<http_answer>(errc::closed_early) : std::move(r);
                      x->deadline.cancel();
                  });
    co_await x->deadline.async_wait(use_tuple);
    if (!x->outcome) {
        // The resolver cannot be interrupted mid-lookup; cancelling only detaches us from it.
        x->outcome = errc::timeout;
        x->resolver.cancel();
        error_code ignored;
        x->tcp_socket.close(ignored);
        x->local_socket.close(ignored);
    }
    co_return std::move(*x->outcome);
}

net::awaitable<result<std::string>> fetch(const master_url& master, std::string_view path,
                                          fetch_options options) {
    auto answer = co_await http_get(master, path, std::move(options));
    if (!answer) co_return answer.error();
    if (answer->status < 200 || answer->status > 299)
        co_return error_code(static_cast<int>(answer->status), http_status_category());
    co_return std::move(answer->body);
}

}  // namespace swarmsd::master
