#include "swarm/master/discovery_loop.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace swarmsd::master {
namespace net = boost::asio;

namespace {

constexpr std::chrono::milliseconds first_retry{1000};

}  // namespace

std::string_view trigger_name(trigger t) {
    switch (t) {
        case trigger::timer:
            return "timer";
        case trigger::event:
            return "event";
        case trigger::signal:
            return "signal";
    }
    return "timer";
}

discovery_loop::discovery_loop(net::any_io_executor executor, std::vector<master_url> masters,
                               discovery_mode mode, fetch_options fetch,
                               std::chrono::milliseconds refresh_interval, event_settings events,
                               stream_events streams)
    : masters_(std::move(masters)),
      mode_(mode),
      fetch_(std::move(fetch)),
      refresh_interval_(refresh_interval),
      events_(events),
      ring_(masters_.size()),
      wait_(executor),
      burst_(executor) {
    if (events_.enabled) {
        follower_ = std::make_unique<event_follower>(executor, fetch_, refresh_interval_,
                                                     watch(std::move(streams)));
    }
}

// The follower's news, passed on, with what the loop itself does about it.
stream_events discovery_loop::watch(stream_events streams) {
    auto opened = std::move(streams.opened);
    streams.opened = [this, opened](std::size_t master) {
        if (opened) opened(master);
        // Whatever happened while no stream was open went unannounced: list again.
        if (std::exchange(stream_opened_before_, true)) nodes_may_have_changed(clock::now());
    };
    auto lost = std::move(streams.lost);
    streams.lost = [this, lost](std::size_t master, boost::system::error_code why) {
        if (lost) lost(master, why);
        // A master whose stream breaks may be failing: list now, which moves listing and stream
        // to the next master if it is.
        nodes_may_have_changed(clock::now());
    };
    auto event = std::move(streams.event);
    streams.event = [this, event](std::size_t master, const parser::engine_event& e) {
        if (event) event(master, e);
        if (parser::changes_nodes(e)) nodes_may_have_changed(clock::now());
    };
    return streams;
}

net::awaitable<void> discovery_loop::run(cycle_handler on_cycle) {
    cause why;
    std::chrono::milliseconds retry = first_retry;
    for (;;) {
        auto answered = co_await cycle_once(on_cycle, why);
        // After a failed cycle the next comes sooner than the resync (1 s, 2 s, 4 s, ...): a
        // leader election or a restart is over in seconds, and no stream says when.
        auto pause = refresh_interval_;
        if (answered) {
            retry = first_retry;
        } else {
            pause = std::min(retry, refresh_interval_);
            retry = std::min(retry * 2, refresh_interval_);
        }
        // A trigger that fired during the cycle is served at once: what it announced may have
        // happened after this cycle's answer was written.
        if (!next_) {
            wait_.expires_after(pause);
            co_await wait_.async_wait(net::as_tuple(net::use_awaitable));
        }
        why = next_.value_or(cause{});
        next_.reset();
    }
}

// One cycle, handed on. Its nodes are gone when it returns: they are not held through the wait.
net::awaitable<bool> discovery_loop::cycle_once(const cycle_handler& on_cycle, const cause& why) {
    auto began = clock::now();
    auto cycle = co_await poll_cycle(masters_, ring_, mode_, fetch_);
    on_cycle(cycle, clock::now() - began, why);
    follow_stream(cycle);
    co_return cycle.answered_by.has_value();
}

void discovery_loop::follow_stream(const cycle_result& cycle) {
    if (!follower_ || !cycle.answered_by || streaming_ == cycle.answered_by) return;
    streaming_ = cycle.answered_by;
    stream_opened_before_ = false;
    follower_->follow(*streaming_, masters_[*streaming_], cycle.found.mode);
}

void discovery_loop::poll_now(master::trigger why) {
    if (!next_) next_ = cause{why, std::nullopt};
    wait_.cancel();
}

void discovery_loop::nodes_may_have_changed(clock::time_point when) {
    if (!burst_began_) burst_began_ = when;
    burst_.expires_at(std::min(when + events_.quiet, *burst_began_ + events_.bound));
    burst_.async_wait([this](boost::system::error_code ec) {
        if (ec) return;  // moved by a later event of the same burst
        auto first = std::exchange(burst_began_, std::nullopt);
        if (!next_) next_ = cause{trigger::event, first};
        wait_.cancel();
    });
}

}  // namespace swarmsd::master
