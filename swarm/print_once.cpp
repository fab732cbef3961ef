#include "swarm/print_once.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "output/render_file_sd.hpp"
#include "swarm/group_options.hpp"
#include "swarm/master/cycle_reporter.hpp"
#include "swarm/master/poll_cycle.hpp"
#include "swarm/task_targets.hpp"

namespace swarmsd::swarm {

int print_once(const config::settings& settings, const master::fetch_options& fetch,
               telemetry::logger& log, std::FILE* out) {
    boost::asio::io_context io;
    rotation::master_ring ring(settings.masters.size());
    auto clients = master::make_clients(settings.masters, fetch);
    master::cycle_result cycle;
    boost::asio::co_spawn(
        io,
        [&]() -> boost::asio::awaitable<void> {
            cycle = co_await master::poll_cycle(clients, ring, settings.mode, std::nullopt,
                                                settings.tasks.services);
        },
        boost::asio::detached);
    io.run();

    master::cycle_reporter(settings.master_names(), log, master::cycle_reporter::style::one_shot)
        .report(cycle);
    if (!cycle.answered_by) return 1;
    auto options = group_options_for(settings);
    if (!settings.tasks.services.empty()) {
        auto built = task_groups_of(cycle.found, options, settings.tasks);
        for (const auto& line : task_warnings(cycle.found, built)) log.warn(line);
        auto text = output::render_file_sd(built.groups);
        if (std::fwrite(text.data(), 1, text.size(), out) != text.size() || std::fflush(out) != 0) {
            log.error("cannot write to stdout");
            return 1;
        }
        return 0;
    }
    // Written as it is built and rendered: the whole text is never held (it is larger than the
    // answer), and each node is rendered while its data is still in the cache.
    std::string pieces;
    output::file_sd_writer text(pieces, [&](std::string_view piece) {
        return std::fwrite(piece.data(), 1, piece.size(), out) == piece.size();
    });
    auto groups = output::make_target_groups(cycle.found.nodes, cycle.found.mode, options,
                                             [&](const auto& group) { text.add(group); });
    if (!text.finish() || std::fflush(out) != 0) {
        log.error("cannot write to stdout");
        return 1;
    }
    return 0;
}

}  // namespace swarmsd::swarm
