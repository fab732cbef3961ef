#include "swarm/master/discovery_loop.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace swarmsd::master {
namespace net = boost::asio;

discovery_loop::discovery_loop(net::any_io_executor executor, std::vector<master_url> masters,
                               discovery_mode mode, fetch_options fetch,
                               std::chrono::milliseconds refresh_interval)
    : masters_(std::move(masters)),
      mode_(mode),
      fetch_(std::move(fetch)),
      refresh_interval_(refresh_interval),
      ring_(masters_.size()),
      wait_(std::move(executor)) {}

net::awaitable<void> discovery_loop::run(cycle_handler on_cycle) {
    for (;;) {
        poll_now_ = false;
        auto began = clock::now();
        auto cycle = co_await poll_cycle(masters_, ring_, mode_, fetch_);
        on_cycle(cycle, clock::now() - began);
        // A trigger that fired during the cycle is served at once: what it announced may have
        // happened after this cycle's answer was written.
        if (poll_now_) continue;
        wait_.expires_after(refresh_interval_);
        co_await wait_.async_wait(net::as_tuple(net::use_awaitable));
    }
}

void discovery_loop::poll_now() {
    poll_now_ = true;
    wait_.cancel();
}

}  // namespace swarmsd::master
