#include "tests/support/http_get.hpp"

#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

namespace swarmsd::testing {

namespace net = boost::asio;
namespace http = boost::beast::http;

std::optional<http_answer> http_get(std::uint16_t port, const std::string& path,
                                    const std::string& method) {
    net::io_context io;
    net::ip::tcp::socket socket(io);
    boost::system::error_code ec;
    socket.connect({net::ip::make_address("127.0.0.1"), port}, ec);
    if (ec) return std::nullopt;
    // Blocking reads with a deadline: a test must fail, not hang, when the server stalls.
    timeval limit{5, 0};
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    http::request<http::empty_body> request{http::string_to_verb(method), path, 11};
    request.set(http::field::host, "127.0.0.1:" + std::to_string(port));
    request.set(http::field::connection, "close");
    http::write(socket, request, ec);
    if (ec) return std::nullopt;
    boost::beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.skip(method == "HEAD");
    http::read(socket, buffer, parser, ec);
    if (ec) return std::nullopt;
    auto& response = parser.get();
    return http_answer{response.result_int(), std::string(response[http::field::content_type]),
                       response.body()};
}

}  // namespace swarmsd::testing
