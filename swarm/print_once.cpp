#include "swarm/print_once.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "output/render_file_sd.hpp"
#include "swarm/poll_cycle.hpp"

namespace swarmsd::swarm {

int print_once(const config& settings, logger& log, std::FILE* out) {
    boost::asio::io_context io;
    rotation::master_ring ring(settings.masters.size());
    cycle_result cycle;
    boost::asio::co_spawn(
        io,
        [&]() -> boost::asio::awaitable<void> {
            cycle = co_await poll_cycle(settings.masters, ring, settings.mode, settings.fetch);
        },
        boost::asio::detached);
    io.run();

    if (!cycle.answered_by) {
        for (const auto& f : cycle.failures) {
            log.error("master failed",
                      {{"master", settings.masters[f.master].text}, {"err", f.error.message()}});
        }
        return 1;
    }
    for (const auto& f : cycle.failures) {
        log.warn("master failed, rotated to the next",
                 {{"master", settings.masters[f.master].text}, {"err", f.error.message()}});
    }
    if (cycle.found.skipped_nodes > 0) {
        log.warn("left out malformed nodes",
                 {{"master", settings.masters[*cycle.answered_by].text},
                  {"skipped", std::to_string(cycle.found.skipped_nodes)}});
    }
    auto text = output::render_file_sd(output::make_target_groups(
        cycle.found.nodes, cycle.found.mode, group_options_for(settings)));
    if (std::fwrite(text.data(), 1, text.size(), out) != text.size() || std::fflush(out) != 0) {
        log.error("cannot write to stdout");
        return 1;
    }
    return 0;
}

}  // namespace swarmsd::swarm
