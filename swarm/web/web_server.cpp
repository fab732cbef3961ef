#include "swarm/web/web_server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

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
    res.keep_alive(keep_alive);
}

}  // namespace

struct web_server::state : std::enable_shared_from_this<web_server::state> {
    state(net::any_io_executor ex, web_limits l, web_handler h, telemetry::logger& lg)
        : acceptor(ex), limits(l), handler(std::move(h)), log(lg), retry(ex) {}

    tcp::acceptor acceptor;
    web_limits limits;
    web_handler handler;
    telemetry::logger& log;
    net::steady_timer retry;
    std::size_t connections = 0;
    bool saturated = false;

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
        beast::tcp_stream stream(std::move(socket));
        beast::flat_buffer buffer;
        for (bool keep_alive = true; keep_alive;) {
            http::request_parser<http::empty_body> parser;
            parser.header_limit(request_header_limit);
            stream.expires_after(limits.read_timeout);
            auto [read_ec, n] = co_await http::async_read(stream, buffer, parser, use_tuple);
            if (read_ec) break;  // closed, timed out or not HTTP: nothing to answer
            const auto& request = parser.get();
            keep_alive = request.keep_alive();
            auto answer = handler(std::string_view(request.method_string()),
                                  std::string_view(request.target()));
            stream.expires_after(limits.read_timeout);
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
        error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        stream.close();
        if (--connections < limits.max_connections && saturated) {
            log.info("web clients below the limit again");
            saturated = false;
        }
    }
};

web_server::web_server(net::any_io_executor executor, web_limits limits, web_handler handler,
                       telemetry::logger& log)
    : state_(std::make_shared<state>(executor, limits, std::move(handler), log)) {}

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
