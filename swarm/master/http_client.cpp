#include "swarm/master/http_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http.hpp>
#include <memory>
#include <optional>

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

// Beast reads as much as its buffer has room for, and at most 64 KiB per call. A buffer left to
// grow on its own stays at about 1 KiB, and a 20 MB answer then costs 24,000 reads and as many
// trips through the event loop: more CPU than parsing it.
constexpr std::size_t read_chunk = 64 * 1024;

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

// A Beast body that hands each piece to a body_sink as the parser reads it.
struct sink_body {
    struct value_type {
        body_sink* sink = nullptr;
        std::size_t taken = 0;
        bool refused = false;  // the sink said the body is of no use: reading stopped
    };

    class reader {
      public:
        template <bool isRequest, class Fields>
        reader(http::header<isRequest, Fields>&, value_type& body) : body_(body) {}
        void init(const boost::optional<std::uint64_t>& length, error_code& ec) {
            if (length) body_.sink->expect(static_cast<std::size_t>(*length));
            ec = {};
        }
        template <class ConstBufferSequence>
        std::size_t put(const ConstBufferSequence& buffers, error_code& ec) {
            std::size_t n = 0;
            for (auto b : boost::beast::buffers_range_ref(buffers)) {
                if (!body_.sink->write({static_cast<const char*>(b.data()), b.size()})) {
                    body_.refused = true;
                    ec = net::error::operation_aborted;
                    return n;
                }
                n += b.size();
                body_.taken += b.size();
            }
            ec = {};
            return n;
        }
        void finish(error_code& ec) { ec = {}; }

      private:
        value_type& body_;
    };
};

// The rest of an answer whose header `head` has read, into a parser of `Body`.
template <typename Body, typename Stream>
net::awaitable<std::pair<error_code, typename Body::value_type>> read_body(
    Stream& stream, boost::beast::flat_buffer& buffer,
    http::response_parser<http::empty_body>& head, std::size_t body_limit,
    typename Body::value_type start) {
    http::response_parser<Body> parser(std::move(head));
    parser.body_limit(body_limit);
    parser.get().body() = std::move(start);
    auto [ec, n] = co_await http::async_read(stream, buffer, parser, use_tuple);
    co_return std::pair{ec, std::move(parser.get().body())};
}

// One GET over an open stream: TCP, TLS or unix alike.
template <typename Stream>
net::awaitable<result<http_answer>> get_over(Stream& stream, const master_url& m,
                                             const std::string& target, std::size_t body_limit,
                                             body_sink* sink) {
    auto request = get_request(m, target, /*keep_alive=*/false);
    if (auto [ec, n] = co_await http::async_write(stream, request, use_tuple); ec) co_return ec;
    boost::beast::flat_buffer buffer;
    buffer.reserve(read_chunk);
    http::response_parser<http::empty_body> head;
    head.body_limit(body_limit);
    head.header_limit(static_cast<std::uint32_t>(header_limit));
    if (auto [ec, n] = co_await http::async_read_header(stream, buffer, head, use_tuple); ec) {
        co_return map_read_error(ec);
    }
    http_answer answer{head.get().result_int(), {}, 0};
    if (sink && answer.status >= 200 && answer.status <= 299) {
        auto [ec, body] = co_await read_body<sink_body>(stream, buffer, head, body_limit, {sink});
        if (ec && !body.refused) co_return map_read_error(ec);
        answer.streamed = body.taken;
    } else {
        auto [ec, body] =
            co_await read_body<http::string_body>(stream, buffer, head, body_limit, {});
        if (ec) co_return map_read_error(ec);
        answer.body = std::move(body);
    }
    error_code ignored;
    auto& lowest = boost::beast::get_lowest_layer(stream);
    lowest.shutdown(std::remove_reference_t<decltype(lowest)>::shutdown_both, ignored);
    co_return answer;
}

net::awaitable<result<http_answer>> connect_and_get(std::shared_ptr<master_connection> connection,
                                                    master_url m, std::string target,
                                                    fetch_options options, body_sink* sink) {
    if (auto ec = co_await connection->open(m, options)) co_return ec;
    co_return co_await connection->with_stream(
        [&](auto& stream) { return get_over(stream, m, target, options.limits.body_limit, sink); });
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

net::awaitable<result<http_answer>> http_get(const master_url& master, std::string target,
                                             fetch_options options, body_sink* sink) {
    auto connection = std::make_shared<master_connection>(co_await net::this_coro::executor);
    auto timeout = options.limits.timeout;
    co_return co_await with_deadline<http_answer>(
        connection, timeout,
        connect_and_get(connection, master, std::move(target), std::move(options), sink));
}

}  // namespace swarmsd::master
