#include "swarm/master/poll_cycle.hpp"

namespace swarmsd::master {

boost::asio::awaitable<cycle_result> poll_cycle(const std::vector<master_url>& masters,
                                                rotation::master_ring& ring, discovery_mode mode,
                                                fetch_options options) {
    cycle_result cycle;
    ring.start_cycle();
    while (auto index = ring.next()) {
        exchange_notes notes;
        auto answer = co_await ask_master(masters[*index], mode, options, &notes);
        if (!answer) {
            cycle.failures.push_back({*index, answer.error(), std::move(notes.detail)});
            ring.failed();
            continue;
        }
        ring.succeeded();
        cycle.answered_by = *index;
        cycle.bytes = notes.bytes;
        cycle.found = std::move(*answer);
    }
    co_return cycle;
}

}  // namespace swarmsd::master
