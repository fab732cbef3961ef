#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <vector>

#include "rotation/master_ring.hpp"
#include "swarm/master/poll_cycle.hpp"

namespace swarmsd::master {

/// The discovery loop: a poll cycle whenever a trigger fires, and the handler told of each. The
/// triggers: the refresh timer, and `poll_now()` (SIGHUP; the masters' event streams next).
class discovery_loop {
  public:
    using clock = std::chrono::steady_clock;
    /// Told of every cycle, on the loop's executor: what it found and how long it took.
    using cycle_handler = std::function<void(const cycle_result& cycle, clock::duration took)>;

    discovery_loop(boost::asio::any_io_executor executor, std::vector<master_url> masters,
                   discovery_mode mode, fetch_options fetch,
                   std::chrono::milliseconds refresh_interval);

    /// Polls until the executor stops: spawn it once.
    [[nodiscard]] boost::asio::awaitable<void> run(cycle_handler on_cycle);

    /// Polls at once, or right after the cycle under way; calls before the next cycle starts
    /// make one cycle, not one each.
    void poll_now();

    /// The master the next cycle starts with: the one that answered last (sticky).
    [[nodiscard]] std::size_t current() const noexcept { return ring_.current(); }

  private:
    std::vector<master_url> masters_;
    discovery_mode mode_;
    fetch_options fetch_;
    std::chrono::milliseconds refresh_interval_;
    rotation::master_ring ring_;
    boost::asio::steady_timer wait_;
    bool poll_now_ = false;
};

}  // namespace swarmsd::master
