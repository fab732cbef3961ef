#include "swarm/poll_cycle.hpp"

#include "parser/parse_info.hpp"

namespace swarmsd::swarm {

boost::asio::awaitable<cycle_result> poll_cycle(const std::vector<master_url>& masters,
                                                rotation::master_ring& ring, fetch_options options) {
    cycle_result cycle;
    ring.start_cycle();
    while (auto index = ring.next()) {
        auto body = co_await fetch(masters[*index], "/info", options);
        if (!body) {
            cycle.failures.push_back({*index, body.error()});
            ring.failed();
            continue;
        }
        auto info = parser::parse_info(*body);
        if (!info) {
            cycle.failures.push_back({*index, info.error()});
            ring.failed();
            continue;
        }
        ring.succeeded();
        cycle.answered_by = *index;
        cycle.info = std::move(*info);
    }
    co_return cycle;
}

}  // namespace swarmsd::swarm
