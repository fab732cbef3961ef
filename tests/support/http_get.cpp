#include "tests/support/http_get.hpp"

#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/detail/base64.hpp>
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
                       response.body(), std::string(response[http::field::www_authenticate])};
}

std::optional<http_answer> https_get(std::uint16_t port, const std::string& path,
                                     const std::string& ca_file, const std::string& authorization) {
    net::io_context io;
    net::ssl::context context(net::ssl::context::tls_client);
    context.load_verify_file(ca_file);
    context.set_verify_mode(net::ssl::verify_peer);
    net::ssl::stream<net::ip::tcp::socket> stream(io, context);
    boost::system::error_code ec;
    stream.next_layer().connect({net::ip::make_address("127.0.0.1"), port}, ec);
    if (ec) return std::nullopt;
    timeval limit{5, 0};
    ::setsockopt(stream.next_layer().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &limit,
                 sizeof limit);
    stream.handshake(net::ssl::stream_base::client, ec);
    if (ec) return std::nullopt;
    http::request<http::empty_body> request{http::verb::get, path, 11};
    request.set(http::field::host, "127.0.0.1:" + std::to_string(port));
    request.set(http::field::connection, "close");
    if (!authorization.empty()) request.set(http::field::authorization, authorization);
    http::write(stream, request, ec);
    if (ec) return std::nullopt;
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response, ec);
    if (ec && ec != http::error::end_of_stream) return std::nullopt;
    return http_answer{response.result_int(), std::string(response[http::field::content_type]),
                       response.body(), std::string(response[http::field::www_authenticate])};
}

std::string basic_authorization(const std::string& user, const std::string& password) {
    auto plain = user + ":" + password;
    std::string encoded(boost::beast::detail::base64::encoded_size(plain.size()), '\0');
    encoded.resize(
        boost::beast::detail::base64::encode(encoded.data(), plain.data(), plain.size()));
    return "Basic " + encoded;
}

}  // namespace swarmsd::testing
