#include "swarm/master/event_stream.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "swarm/master/ask_master.hpp"
#include "swarm/master/connection.hpp"

namespace swarmsd::master {
namespace net = boost::asio;
namespace http = boost::beast::http;
using boost::system::error_code;
using boost::system::result;

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);
constexpr std::chrono::milliseconds first_backoff{250};

// One open stream: what its reader needs between reads.
struct stream_state {
    boost::beast::flat_buffer buffer;
    http::response_parser<http::buffer_body> parser;
    parser::event_reader events;
};

template <typename Stream>
net::awaitable<result<http_answer>> request_stream(Stream& stream, const master_url& m,
                                                   const std::string& target, stream_state& state) {
    auto request = get_request(m, target, /*keep_alive=*/true);
    if (auto [ec, n] = co_await http::async_write(stream, request, use_tuple); ec) co_return ec;
    state.parser.header_limit(static_cast<std::uint32_t>(header_limit));
    state.parser.body_limit(boost::none);  // the stream never ends; nothing of it is kept
    if (auto [ec, n] =
            co_await http::async_read_header(stream, state.buffer, state.parser, use_tuple);
        ec) {
        co_return ec;
    }
    auto status = state.parser.get().result_int();
    if (status < 200 || status > 299)
        co_return error_code(static_cast<int>(status), http_status_category());
    co_return http_answer{status, {}};
}

// Reads events until the stream ends; the error says how it ended.
template <typename Stream>
net::awaitable<error_code> read_events(Stream& stream, stream_state& state,
                                       std::function<void(const parser::engine_event&)> on) {
    char chunk[8192];
    while (!state.parser.is_done()) {
        state.parser.get().body().data = chunk;
        state.parser.get().body().size = sizeof chunk;
        auto [ec, n] =
            co_await http::async_read_some(stream, state.buffer, state.parser, use_tuple);
        if (ec && ec != http::error::need_buffer) co_return ec;
        auto got = sizeof chunk - state.parser.get().body().size;
        if (auto bad = state.events.feed(std::string_view(chunk, got), on)) co_return bad;
    }
    co_return http::error::end_of_stream;
}

}  // namespace

std::string events_path(parser::cluster_mode mode, bool versioned) {
    std::string path =
        versioned ? std::string("/").append(engine_api_version).append("/events") : "/events";
    // {"type":["node"]}, URL-encoded.
    if (mode == parser::cluster_mode::swarm) path += "?filters=%7B%22type%22%3A%5B%22node%22%5D%7D";
    return path;
}

event_follower::event_follower(net::any_io_executor executor, fetch_options fetch,
                               std::chrono::milliseconds max_backoff, stream_events on)
    : executor_(std::move(executor)),
      fetch_(std::move(fetch)),
      max_backoff_(max_backoff),
      on_(std::move(on)) {}

event_follower::~event_follower() { stop(); }

void event_follower::follow(std::size_t index, const master_url& master,
                            parser::cluster_mode mode) {
    if (following_ == index) return;
    stop();
    following_ = index;
    net::co_spawn(executor_, run(generation_, index, master, mode), net::detached);
}

void event_follower::stop() {
    ++generation_;
    following_.reset();
    if (connection_) connection_->close();
    connection_.reset();
    if (backoff_) backoff_->cancel();
    backoff_.reset();
}

net::awaitable<void> event_follower::wait(std::chrono::milliseconds pause) {
    auto timer = std::make_shared<net::steady_timer>(executor_, pause);
    backoff_ = timer;
    co_await timer->async_wait(use_tuple);
}

net::awaitable<void> event_follower::run(std::uint64_t generation, std::size_t index,
                                         master_url master, parser::cluster_mode mode) {
    auto backoff = first_backoff;
    bool versioned = true;
    while (current(generation)) {
        auto connection = std::make_shared<master_connection>(executor_);
        connection_ = connection;
        auto state = std::make_shared<stream_state>();
        auto target = master.base_path + events_path(mode, versioned);
        auto opening = [](std::shared_ptr<master_connection> c, std::shared_ptr<stream_state> s,
                          master_url m, std::string t,
                          fetch_options f) -> net::awaitable<result<http_answer>> {
            if (auto ec = co_await c->open(m, f)) co_return ec;
            co_return co_await c->with_stream(
                [&](auto& stream) { return request_stream(stream, m, t, *s); });
        };
        auto opened = co_await with_deadline<http_answer>(
            connection, fetch_.limits.timeout, opening(connection, state, master, target, fetch_));
        if (!current(generation)) co_return;
        if (!opened && versioned && opened.error() == error_code(400, http_status_category())) {
            versioned = false;  // Engine 29 and later refuse API versions below 1.44
            continue;
        }
        if (!opened) {
            if (on_.unavailable) on_.unavailable(index, opened.error());
            // An HTTP status will not change soon (an old engine, a proxy): wait long.
            bool refused = opened.error().category() == http_status_category();
            co_await wait(refused ? max_backoff_ : backoff);
            backoff = std::min(backoff * 2, max_backoff_);
            continue;
        }
        backoff = first_backoff;
        if (on_.opened) on_.opened(index);
        auto on_event = [this, index](const parser::engine_event& e) {
            if (on_.event) on_.event(index, e);
        };
        auto ended = co_await connection->with_stream(
            [&](auto& stream) { return read_events(stream, *state, on_event); });
        if (!current(generation)) co_return;
        if (on_.lost) on_.lost(index, ended);
        co_await wait(backoff);
    }
}

}  // namespace swarmsd::master
