#include "swarm/master/poll_cycle.hpp"

namespace swarmsd::master {

boost::asio::awaitable<cycle_result> poll_cycle(const std::vector<master_url>& masters,
                                                rotation::master_ring& ring, discovery_mode mode,
                                                fetch_options options) {
    cycle_result cycle;
    ring.start_cycle();
    while (auto index = ring.next()) {
        auto answer = co_await ask_master(masters[*index], mode, options);
        if (!answer) {
            cycle.failures.push_back({*index, answer.error()});
            ring.failed();
            continue;
        }
        ring.succeeded();
        cycle.answered_by = *index;
        cycle.found = std::move(*answer);
    }
    co_return cycle;
}

}  // namespace swarmsd::master
