#include "swarm/master/http_client.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http.hpp>
#include <memory>
#include <optional>

#include "parser/engine_info.hpp"
#include "swarm/master/connection.hpp"
#include "swarm/master/errc.hpp"

namespace swarmsd::master {
using config::master_url;
namespace net = boost::asio;
namespace http = boost::beast::http;
using boost::system::error_code;
using boost::system::result;
using net::ip::tcp;

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

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

// One GET over an open stream: TCP, TLS or unix alike.
template <typename Stream>
net::awaitable<result<http_answer>> talk(Stream& stream, const master_url& m,
                                         const std::string& target, std::size_t body_limit) {
    auto request = get_request(m, target, /*keep_alive=*/false);
    if (auto [ec, n] = co_await http::async_write(stream, request, use_tuple); ec) co_return ec;
    boost::beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(body_limit);
    parser.header_limit(static_cast<std::uint32_t>(header_limit));
    if (auto [ec, n] = co_await http::async_read(stream, buffer, parser, use_tuple); ec) {
        co_return map_read_error(ec);
    }
    auto response = parser.release();
    error_code ignored;
    auto& lowest = boost::beast::get_lowest_layer(stream);
    lowest.shutdown(std::remove_reference_t<decltype(lowest)>::shutdown_both, ignored);
    co_return http_answer{response.result_int(), std::move(response.body())};
}

net::awaitable<result<http_answer>> exchange(std::shared_ptr<master_connection> connection,
                                             master_url m, std::string target,
                                             fetch_options options) {
    if (auto ec = co_await connection->open(m, options)) co_return ec;
    co_return co_await connection->with_stream(
        [&](auto& stream) { return talk(stream, m, target, options.limits.body_limit); });
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
    auto connection = std::make_shared<master_connection>(co_await net::this_coro::executor);
    auto timeout = options.limits.timeout;
    co_return co_await with_deadline<http_answer>(
        connection, timeout,
        exchange(connection, master, master.base_path + std::string(path), std::move(options)));
}

namespace {

// What to do about a Docker socket swarm-sd may not open: name the group that may.
std::string socket_permission_hint(const std::string& socket_path) {
    struct stat info {};
    if (::stat(socket_path.c_str(), &info) != 0) return {};
    return fmt::format(
        "{} belongs to group {}: run swarm-sd in that group (docker run --group-add {}; compose "
        "and stack: DOCKER_GID={})",
        socket_path, info.st_gid, info.st_gid, info.st_gid);
}

}  // namespace

net::awaitable<result<std::string>> fetch(const master_url& master, std::string_view path,
                                          fetch_options options, exchange_notes* notes) {
    auto answer = co_await http_get(master, path, std::move(options));
    if (!answer) {
        if (notes && !master.socket_path.empty() &&
            answer.error() == boost::system::errc::permission_denied) {
            notes->detail = socket_permission_hint(master.socket_path);
        }
        co_return answer.error();
    }
    if (answer->status < 200 || answer->status > 299) {
        if (notes) notes->detail = parser::engine_message(answer->body);
        co_return error_code(static_cast<int>(answer->status), http_status_category());
    }
    if (notes) notes->bytes += answer->body.size();
    co_return std::move(answer->body);
}

}  // namespace swarmsd::master
