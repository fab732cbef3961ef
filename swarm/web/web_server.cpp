#include "swarm/web/web_server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

namespace swarmsd::web {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;
using net::ip::tcp;

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);
// A GET from Prometheus, curl or a health checker fits in far less.
constexpr std::uint32_t request_header_limit = 8 * 1024;

template <typename Body>
void set_headers(http::response<Body>& res, const web_answer& answer, bool keep_alive) {
    res.set(http::field::server, "swarm-sd/" SWARMSD_VERSION);
    res.set(http::field::content_type, answer.content_type);
    if (answer.status == 405) res.set(http::field::allow, "GET, HEAD");
    if (answer.status == 401) res.set(http::field::www_authenticate, "Basic realm=\"swarm-sd\"");
    res.keep_alive(keep_alive);
}

}  // namespace

struct web_server::state : std::enable_shared_from_this<web_server::state> {
    state(net::any_io_executor ex, web_limits l, web_handler h, telemetry::logger& lg,
          web_security security)
        : acceptor(ex),
          limits(l),
          handler(std::move(h)),
          log(lg),
          retry(ex),
          tls(std::move(security.tls)),
          auth(std::move(security.users)) {}

    tcp::acceptor acceptor;
    web_limits limits;
    web_handler handler;
    telemetry::logger& log;
    net::steady_timer retry;
    std::size_t connections = 0;
    bool saturated = false;
    std::shared_ptr<net::ssl::context> tls;
    basic_auth auth;

    net::awaitable<void> accept_loop(std::shared_ptr<state> self) {
        for (;;) {
            auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
            if (ec == net::error::operation_aborted) co_return;
            if (ec) {
                // Out of file descriptors, most likely: back off instead of spinning.
                log.warn("web server cannot accept", {{"err", ec.message()}});
                retry.expires_after(std::chrono::milliseconds(100));
                co_await retry.async_wait(use_tuple);
                continue;
            }
            if (connections >= limits.max_connections) {
                if (!saturated) {
                    log.warn("too many web clients; closing new connections until one ends",
                             {{"max", limits.max_connections}});
                }
                saturated = true;
                error_code ignored;
                socket.close(ignored);
                continue;
            }
            ++connections;
            net::co_spawn(acceptor.get_executor(), serve(self, std::move(socket)), net::detached);
        }
    }

    // `self` keeps the state alive while the connection lives.
    net::awaitable<void> serve(std::shared_ptr<state> /*self*/, tcp::socket socket) {
        error_code ignored;
        auto peer = socket.remote_endpoint(ignored).address();
        bool local = peer.is_loopback() ||
                     (peer.is_v6() && peer.to_v6().is_v4_mapped() &&
                      net::ip::make_address_v4(net::ip::v4_mapped, peer.to_v6()).is_loopback());
        beast::tcp_stream stream(std::move(socket));
        if (tls) {
            beast::ssl_stream<beast::tcp_stream> secure(std::move(stream), *tls);
            beast::get_lowest_layer(secure).expires_after(limits.read_timeout);
            auto [ec] = co_await secure.async_handshake(net::ssl::stream_base::server, use_tuple);
            if (!ec) co_await serve_requests(secure, local);
            beast::get_lowest_layer(secure).close();
        } else {
            co_await serve_requests(stream, local);
            stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
            stream.close();
        }
        if (--connections < limits.max_connections && saturated) {
            log.info("web clients below the limit again");
            saturated = false;
        }
    }

    // The answer to one request, its credentials checked first. /healthz asked from the host
    // itself needs none: that is `swarm-sd --healthcheck`, which has no password to give.
    web_answer answer_to(const http::request<http::empty_body>& request, bool local) {
        auto target = std::string_view(request.target());
        bool health_check = local && target.substr(0, target.find('?')) == "/healthz";
        if (auth.enabled() && !health_check &&
            !auth.allows(std::string_view(request[http::field::authorization]))) {
            return {401, "text/plain; charset=utf-8", "unauthorized\n"};
        }
        return handler(std::string_view(request.method_string()), target);
    }

    template <typename Stream>
    net::awaitable<void> serve_requests(Stream& stream, bool local) {
        beast::flat_buffer buffer;
        for (bool keep_alive = true; keep_alive;) {
            http::request_parser<http::empty_body> parser;
            parser.header_limit(request_header_limit);
            beast::get_lowest_layer(stream).expires_after(limits.read_timeout);
            auto [read_ec, n] = co_await http::async_read(stream, buffer, parser, use_tuple);
            if (read_ec) break;  // closed, timed out or not HTTP: nothing to answer
            const auto& request = parser.get();
            keep_alive = request.keep_alive();
            auto answer = answer_to(request, local);
            beast::get_lowest_layer(stream).expires_after(limits.read_timeout);
            error_code write_ec;
            if (request.method() == http::verb::head) {
                http::response<http::empty_body> res{http::status(answer.status),
                                                     request.version()};
                set_headers(res, answer, keep_alive);
                res.content_length(answer.body.size());
                std::tie(write_ec, n) = co_await http::async_write(stream, res, use_tuple);
            } else {
                http::response<http::string_body> res{http::status(answer.status),
                                                      request.version(), std::move(answer.body)};
                set_headers(res, answer, keep_alive);
                res.prepare_payload();
                std::tie(write_ec, n) = co_await http::async_write(stream, res, use_tuple);
            }
            if (write_ec) break;
        }
    }
};

web_server::web_server(net::any_io_executor executor, web_limits limits, web_handler handler,
                       telemetry::logger& log, web_security security)
    : state_(std::make_shared<state>(executor, limits, std::move(handler), log,
                                     std::move(security))) {}

web_server::~web_server() {
    error_code ignored;
    state_->acceptor.close(ignored);
}

error_code web_server::listen(const tcp::endpoint& where) {
    error_code ec;
    auto& a = state_->acceptor;
    a.open(where.protocol(), ec);
    if (!ec) a.set_option(tcp::acceptor::reuse_address(true), ec);
    // `[::]:port` serves IPv4 clients too.
    if (!ec && where.address().is_v6() && where.address().is_unspecified())
        a.set_option(net::ip::v6_only(false), ec);
    if (!ec) a.bind(where, ec);
    if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
        error_code ignored;
        a.close(ignored);
    }
    return ec;
}

tcp::endpoint web_server::local_endpoint() const {
    error_code ignored;
    return state_->acceptor.local_endpoint(ignored);
}

void web_server::start() {
    net::co_spawn(state_->acceptor.get_executor(), state_->accept_loop(state_), net::detached);
}

}  // namespace swarmsd::web
