#include "swarm/master/poll_cycle.hpp"

namespace swarmsd::master {

boost::asio::awaitable<cycle_result> poll_cycle(std::vector<engine_client>& masters,
                                                rotation::master_ring& ring, discovery_mode mode,
                                                std::optional<master_failure> already_failed,
                                                std::vector<config::task_service> services) {
    cycle_result cycle;
    ring.start_cycle();
    if (already_failed && ring.next() == already_failed->master) {
        cycle.failures.push_back(std::move(*already_failed));
        ring.failed();
    }
    while (auto index = ring.next()) {
        request_notes notes;
        auto answer = co_await ask_master(masters[*index], mode, &notes, services);
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

std::vector<engine_client> make_clients(const std::vector<master_url>& masters,
                                        const fetch_options& options) {
    std::vector<engine_client> clients;
    clients.reserve(masters.size());
    for (const auto& m : masters) clients.emplace_back(m, options);
    return clients;
}

}  // namespace swarmsd::master
