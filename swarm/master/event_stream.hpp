#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/system/error_code.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "parser/events.hpp"
#include "parser/node.hpp"
#include "swarm/master/engine_client.hpp"

namespace swarmsd::master {

/// What happens to the followed stream, for the loop, the logs and the metrics. Each may be
/// left empty.
struct stream_events {
    std::function<void(std::size_t master)> opened;  ///< a stream is open (again)
    /// An open stream ended (closed by the master, reset, garbage, an event too large).
    std::function<void(std::size_t master, boost::system::error_code why)> lost;
    /// A stream could not be opened (refused, timed out, an HTTP status: an old engine or a
    /// proxy that allows only /info and /nodes); retried later without a word.
    std::function<void(std::size_t master, boost::system::error_code why)> unavailable;
    /// Every event read, relevant or not.
    std::function<void(std::size_t master, const parser::engine_event& event)> event;
};

/// The `/events` path to ask `mode`'s master (the client adds the API version): node events only
/// from a swarm-mode manager (filtered by the Engine); everything from a classic manager, which
/// cannot filter, to drop container events here.
[[nodiscard]] std::string events_path(parser::cluster_mode mode);

/// Follows the event stream of one master at a time: opens it within `--timeout`, then reads
/// without a deadline (a healthy stream is silent while nothing happens), and reopens it with
/// backoff when it ends.
class event_follower {
  public:
    event_follower(boost::asio::any_io_executor executor, std::chrono::milliseconds max_backoff,
                   stream_events on);
    ~event_follower();
    event_follower(const event_follower&) = delete;
    event_follower& operator=(const event_follower&) = delete;

    /// Follows `master` (index `index`, of kind `mode`) from now on, leaving the one followed
    /// before; nothing changes when it is followed already. `master` must outlive the follower.
    void follow(std::size_t index, engine_client& master, parser::cluster_mode mode);

    /// Follows nothing.
    void stop();

  private:
    boost::asio::awaitable<void> run(std::uint64_t generation, std::size_t index,
                                     engine_client& master, parser::cluster_mode mode);
    boost::asio::awaitable<boost::system::error_code> read_until_lost(std::uint64_t generation,
                                                                      std::size_t index);
    boost::asio::awaitable<void> wait(std::chrono::milliseconds pause);
    bool current(std::uint64_t generation) const noexcept { return generation == generation_; }

    boost::asio::any_io_executor executor_;
    std::chrono::milliseconds max_backoff_;
    stream_events on_;
    std::uint64_t generation_ = 0;
    std::optional<std::size_t> following_;
    std::shared_ptr<engine_stream> stream_;
    std::shared_ptr<boost::asio::steady_timer> backoff_;
};

}  // namespace swarmsd::master
