#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "rotation/master_ring.hpp"
#include "swarm/master/event_stream.hpp"
#include "swarm/master/poll_cycle.hpp"

namespace swarmsd::master {

/// What made the loop list the nodes.
enum class trigger {
    timer,   ///< the first listing, and every `--refresh-interval` (the resync)
    event,   ///< the master's event stream said the nodes may have changed
    signal,  ///< SIGHUP
};

/// The label value of `t` in metrics: timer, event or signal.
[[nodiscard]] std::string_view trigger_name(trigger t);

/// How the loop follows the masters' event streams.
struct event_settings {
    bool enabled = true;  ///< `--events`
    /// A burst of events becomes one listing: the listing waits until the stream has been
    /// quiet this long...
    std::chrono::milliseconds quiet{50};
    /// ...but never longer than this after the burst's first event.
    std::chrono::milliseconds bound{500};
};

/// The discovery loop: list, then watch. A poll cycle whenever a trigger fires: the refresh
/// timer, `poll_now()` (SIGHUP), or an event of the current master's stream (coalesced). After a
/// good listing it follows that master's event stream; a master that fails moves listing and
/// stream to the next.
class discovery_loop {
  public:
    using clock = std::chrono::steady_clock;

    /// Why a cycle ran: the trigger, and for an event the arrival of the burst's first one.
    struct cause {
        master::trigger trigger = master::trigger::timer;
        std::optional<clock::time_point> first_event;
    };
    /// Told of every cycle, on the loop's executor: what it found, how long it took, and why.
    using cycle_handler =
        std::function<void(const cycle_result& cycle, clock::duration took, const cause& why)>;

    /// `streams` is told what happens to the event streams (for logs and metrics).
    discovery_loop(boost::asio::any_io_executor executor, std::vector<master_url> masters,
                   discovery_mode mode, fetch_options fetch,
                   std::chrono::milliseconds refresh_interval, event_settings events = {},
                   stream_events streams = {});

    /// Polls until the executor stops: spawn it once.
    [[nodiscard]] boost::asio::awaitable<void> run(cycle_handler on_cycle);

    /// Polls at once, or right after the cycle under way; calls before the next cycle starts
    /// make one cycle, not one each.
    void poll_now(master::trigger why = master::trigger::signal);

    /// The nodes may have changed (an event at `when`): polls once the burst is over.
    void nodes_may_have_changed(clock::time_point when);

    /// The master the next cycle starts with: the one that answered last (sticky).
    [[nodiscard]] std::size_t current() const noexcept { return ring_.current(); }

  private:
    boost::asio::awaitable<bool> cycle_once(const cycle_handler& on_cycle, const cause& why);
    void follow_stream(const cycle_result& cycle);
    stream_events watch(stream_events streams);

    std::vector<master_url> masters_;
    discovery_mode mode_;
    fetch_options fetch_;
    std::chrono::milliseconds refresh_interval_;
    event_settings events_;
    rotation::master_ring ring_;
    boost::asio::steady_timer wait_;
    boost::asio::steady_timer burst_;
    std::optional<cause> next_;  ///< set: poll at once, for this reason
    std::optional<clock::time_point> burst_began_;
    std::optional<std::size_t> streaming_;  ///< the master whose stream is followed
    bool stream_opened_before_ = false;
    std::unique_ptr<event_follower> follower_;
};

}  // namespace swarmsd::master
