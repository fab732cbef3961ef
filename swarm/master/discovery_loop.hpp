#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rotation/master_ring.hpp"
#include "swarm/master/event_stream.hpp"
#include "swarm/master/poll_cycle.hpp"

namespace swarmsd::master {

/// What made the loop ask.
enum class trigger {
    timer,   ///< the first listing, and every `--refresh-interval` (the resync)
    event,   ///< the master's event stream said the nodes may have changed
    signal,  ///< SIGHUP
};

/// The label value of `t` in metrics: timer, event or signal.
[[nodiscard]] constexpr std::string_view trigger_name(trigger t) {
    switch (t) {
        case trigger::event:
            return "event";
        case trigger::signal:
            return "signal";
        case trigger::timer:
            break;
    }
    return "timer";
}

/// How the loop follows the masters' event streams.
struct event_settings {
    bool enabled = true;  ///< `--events`
    /// A burst of events is asked about once: the loop waits until the stream has been quiet
    /// this long...
    std::chrono::milliseconds quiet{50};
    /// ...but never longer than this after the burst's first event.
    std::chrono::milliseconds bound{500};
    /// A full listing caused by events (classic Swarm, which has no per-node endpoint) starts no
    /// sooner than this after the previous one caused by events started...
    std::chrono::milliseconds spacing{2000};
    /// ...nor sooner than this many times the time the last listing took; and a round of node
    /// fetches no sooner than this many times the time the last round took, its publishing
    /// included: during a storm, at most a tenth of the time goes to following it.
    int spacing_factor = 10;
};

/// The discovery loop: list, then watch. A full listing at start, every `--refresh-interval`,
/// on `poll_now()` (SIGHUP) and when a stream (re)opens; after a good one it follows that
/// master's event stream. In swarm mode a node event fetches only that node (`GET /nodes/<id>`)
/// into the last listing; in classic Swarm an event causes a full listing, spaced during a storm.
/// A master that fails, in a listing or a fetch, moves listing and stream to the next.
class discovery_loop {
  public:
    using clock = std::chrono::steady_clock;

    /// Why the loop asked: the trigger, for an event the arrival of the burst's first one, and
    /// whether it lists in full (else it fetches the nodes events named).
    struct cause {
        master::trigger trigger = master::trigger::timer;
        std::optional<clock::time_point> first_event;
        bool full = true;
    };
    /// Told of every listing and every round of node fetches, on the loop's executor: what it
    /// found (for a round: the whole last listing, as the fetches left it), how long it took,
    /// and why.
    using cycle_handler =
        std::function<void(const cycle_result& cycle, clock::duration took, const cause& why)>;
    /// Told of every event of the followed stream, and what it caused: `nothing`, `node fetch`,
    /// `node removal` or `listing`.
    using event_handler = std::function<void(std::size_t master, const parser::engine_event& event,
                                             std::string_view caused)>;

    /// `streams` is told what happens to the event streams (for logs and metrics); its `event`
    /// is not used: `on_event` is told instead, with what each event caused.
    discovery_loop(boost::asio::any_io_executor executor, std::vector<master_url> masters,
                   discovery_mode mode, fetch_options fetch,
                   std::chrono::milliseconds refresh_interval, event_settings events = {},
                   stream_events streams = {}, event_handler on_event = {});

    /// Lists the tasks of `services` with every listing, after every round of node fetches, on
    /// service events, and every `every` in between (the Engine sends no task events). A service
    /// event's tasks start in the seconds after it: they are listed again 1, 3, 7, ... s after
    /// it, while that comes before the timer would. Before `run`.
    void follow_tasks(std::vector<config::task_service> services, std::chrono::milliseconds every);

    /// Polls until the executor stops: spawn it once.
    [[nodiscard]] boost::asio::awaitable<void> run(cycle_handler on_cycle);

    /// Lists in full at once, or right after the cycle under way; calls before the next cycle
    /// starts make one cycle, not one each.
    void poll_now(master::trigger why = master::trigger::signal);

    /// Stops for good: no cycle starts after this, the stream is left, and `run` returns once the
    /// request under way, if any, ends (its cycle is still handed on). The loop must outlive
    /// that: keep it until `run` has returned.
    void stop() {
        stopped_ = true;
        if (follower_) follower_->stop();
        burst_.cancel();
        wait_.cancel();
    }

    /// The master the next cycle starts with: the one that answered last (sticky).
    [[nodiscard]] std::size_t current() const noexcept { return ring_.current(); }

    /// The clients of the masters, in configured order (for their byte counts).
    [[nodiscard]] const std::vector<engine_client>& clients() const noexcept { return clients_; }

  private:
    boost::asio::awaitable<bool> list_in_full(const cycle_handler& on_cycle, const cause& why,
                                              std::optional<master_failure> already_failed);
    boost::asio::awaitable<bool> fetch_nodes(const cycle_handler& on_cycle, const cause& why);
    boost::asio::awaitable<void> relist_tasks(cycle_result& round);
    boost::asio::awaitable<std::optional<master_failure>> fetch_node_into(std::size_t master,
                                                                          const std::string& id,
                                                                          cycle_result& round);
    void follow_stream(const cycle_result& cycle);
    stream_events watch(stream_events streams, event_handler on_event);
    std::string_view take_event(const parser::engine_event& e);
    void ask_after_burst(clock::time_point when, bool urgent);
    void burst_over();
    [[nodiscard]] bool needs_listing() const;
    [[nodiscard]] clock::time_point spaced_until() const;

    std::vector<engine_client> clients_;
    discovery_mode mode_;
    std::chrono::milliseconds refresh_interval_;
    event_settings events_;
    rotation::master_ring ring_;
    boost::asio::steady_timer wait_;
    boost::asio::steady_timer burst_;
    std::optional<cause> next_;  ///< set: ask at once, for this reason
    std::optional<clock::time_point> burst_began_;
    std::optional<std::size_t> streaming_;  ///< the master whose stream is followed
    parser::cluster_mode stream_mode_ = parser::cluster_mode::classic;
    bool stream_opened_before_ = false;
    std::unique_ptr<event_follower> follower_;

    /// The last good listing, kept up to date by node fetches; none while a listing runs (its
    /// memory is not held twice) and after one failed.
    std::optional<discovery> known_;
    std::size_t known_from_ = 0;  ///< the master that listed `known_`
    /// Nodes named by events since the last ask, each once: true when its last event was
    /// `remove`.
    std::map<std::string, bool> pending_;
    bool listing_urgent_ = false;  ///< a stream (re)opened or was lost: list at once
    bool listing_spaced_ = false;  ///< an event without a node to fetch: list, spaced
    std::optional<clock::time_point> last_event_listing_;  ///< when it began
    clock::duration last_listing_took_{};
    std::optional<clock::time_point> last_round_;  ///< when the last round of fetches began
    clock::duration last_round_took_{};            ///< with the handler's publishing

    std::vector<config::task_service> services_;  ///< `--tasks.service`
    std::chrono::milliseconds tasks_interval_{15000};
    bool tasks_pending_ = false;  ///< a service event, or the tasks' timer: list them
    /// After a service event, the wait before the next listing of its tasks (doubling); zero
    /// when there is none to follow up.
    std::chrono::milliseconds settle_{0};
    clock::time_point last_full_{};  ///< when the last full listing began
    bool stopped_ = false;
};

}  // namespace swarmsd::master
