#include "swarm/master/event_stream.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "swarm/master/errc.hpp"

namespace swarmsd::master {
namespace net = boost::asio;
using boost::system::error_code;

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);
constexpr std::chrono::milliseconds first_backoff{250};

}  // namespace

std::string events_path(parser::cluster_mode mode) {
    // {"type":["node","service"]}, URL-encoded: services, for the tasks of `--tasks.service`.
    if (mode == parser::cluster_mode::swarm_mode)
        return "/events?filters=%7B%22type%22%3A%5B%22node%22%2C%22service%22%5D%7D";
    return "/events";
}

event_follower::event_follower(net::any_io_executor executor, std::chrono::milliseconds max_backoff,
                               stream_events on)
    : executor_(std::move(executor)), max_backoff_(max_backoff), on_(std::move(on)) {}

event_follower::~event_follower() { stop(); }

void event_follower::follow(std::size_t index, engine_client& master, parser::cluster_mode mode) {
    if (following_ == index) return;
    stop();
    following_ = index;
    net::co_spawn(executor_, run(generation_, index, master, mode), net::detached);
}

void event_follower::stop() {
    ++generation_;
    following_.reset();
    if (stream_) stream_->close();
    stream_.reset();
    if (backoff_) backoff_->cancel();
    backoff_.reset();
}

net::awaitable<void> event_follower::wait(std::chrono::milliseconds pause) {
    auto timer = std::make_shared<net::steady_timer>(executor_, pause);
    backoff_ = timer;
    co_await timer->async_wait(use_tuple);
}

net::awaitable<void> event_follower::run(std::uint64_t generation, std::size_t index,
                                         engine_client& master, parser::cluster_mode mode) {
    auto backoff = first_backoff;
    while (current(generation)) {
        auto opened = co_await master.open_stream(events_path(mode));
        if (!current(generation)) {
            if (opened) (*opened)->close();  // followed no more while it opened
            co_return;
        }
        if (!opened) {
            if (on_.unavailable) on_.unavailable(index, opened.error());
            // An HTTP status will not change soon (an old engine, a proxy): wait long.
            bool refused = opened.error().category() == http_status_category();
            co_await wait(refused ? max_backoff_ : backoff);
            backoff = std::min(backoff * 2, max_backoff_);
            continue;
        }
        stream_ = std::move(*opened);
        backoff = first_backoff;
        if (on_.opened) on_.opened(index);
        auto ended = co_await read_until_lost(generation, index);
        if (!current(generation)) co_return;
        stream_.reset();
        if (on_.lost) on_.lost(index, ended);
        co_await wait(backoff);
    }
}

// Reads events until the stream ends; the error says how it ended.
net::awaitable<error_code> event_follower::read_until_lost(std::uint64_t generation,
                                                           std::size_t index) {
    auto stream = stream_;
    parser::event_reader events;
    auto on_event = [this, index](const parser::engine_event& e) {
        if (on_.event) on_.event(index, e);
    };
    for (;;) {
        auto piece = co_await stream->read_some();
        if (!piece) co_return piece.error();
        if (!current(generation)) co_return error_code{};
        if (auto bad = events.feed(*piece, on_event)) {
            stream->close();
            co_return bad;
        }
    }
}

}  // namespace swarmsd::master
