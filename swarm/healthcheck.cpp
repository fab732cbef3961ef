#include "swarm/healthcheck.hpp"

#include <fmt/format.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

namespace swarmsd::swarm {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

struct health_answer {
    boost::system::error_code error{};
    unsigned status = 0;
    std::string body{};
};

net::awaitable<health_answer> ask(net::ip::tcp::endpoint where, std::chrono::milliseconds timeout) {
    beast::tcp_stream stream(co_await net::this_coro::executor);
    // One deadline for connect, send and read, as for masters.
    stream.expires_after(timeout);
    if (auto [ec] = co_await stream.async_connect(where, use_tuple); ec)
        co_return health_answer{ec};
    http::request<http::empty_body> request{http::verb::get, "/healthz", 11};
    request.set(http::field::host, "localhost");
    request.set(http::field::connection, "close");
    if (auto [ec, n] = co_await http::async_write(stream, request, use_tuple); ec)
        co_return health_answer{ec};
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024);
    if (auto [ec, n] = co_await http::async_read(stream, buffer, parser, use_tuple); ec)
        co_return health_answer{ec};
    co_return health_answer{{}, parser.get().result_int(), parser.get().body()};
}

}  // namespace

int run_healthcheck(const config& settings, std::FILE* out) {
    if (!settings.listen) {
        fmt::print(out, "unhealthy: the web server is off (--web.listen-address is empty)\n");
        return 1;
    }
    auto address = net::ip::make_address(settings.listen->ip);
    if (address.is_unspecified()) {
        address = address.is_v4() ? net::ip::address(net::ip::address_v4::loopback())
                                  : net::ip::address(net::ip::address_v6::loopback());
    }
    net::io_context io;
    health_answer answer;
    net::co_spawn(io, ask({address, settings.listen->port}, settings.fetch.timeout),
                  [&](std::exception_ptr failure, health_answer a) {
                      answer = failure ? health_answer{net::error::fault} : std::move(a);
                  });
    io.run();
    if (answer.error) {
        fmt::print(out, "unhealthy: no answer from http://{}/healthz: {}\n", settings.listen->text,
                   answer.error.message());
        return 1;
    }
    fmt::print(out, "{}", answer.body);
    return answer.status == 200 ? 0 : 1;
}

}  // namespace swarmsd::swarm
