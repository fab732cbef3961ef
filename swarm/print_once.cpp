#include "swarm/print_once.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "output/render_file_sd.hpp"
#include "swarm/clusters/group_options.hpp"
#include "swarm/clusters/task_targets.hpp"
#include "swarm/master/cycle_reporter.hpp"
#include "swarm/master/poll_cycle.hpp"

namespace swarmsd::swarm {
namespace {

bool write_all(std::string_view text, std::FILE* out) {
    return std::fwrite(text.data(), 1, text.size(), out) == text.size() && std::fflush(out) == 0;
}

// One cluster's masters, asked once.
struct one_poll {
    rotation::master_ring ring;
    std::vector<master::engine_client> clients;
    master::cycle_result cycle;
};

// Every cluster's poll cycle, run at once.
std::vector<one_poll> poll_every_cluster(const std::vector<cluster_spec>& clusters) {
    boost::asio::io_context io;
    std::vector<one_poll> polls;
    polls.reserve(clusters.size());
    for (const auto& c : clusters) {
        const auto& s = c.config.discovery;
        polls.push_back({rotation::master_ring(s.masters.size()),
                         master::make_clients(s.masters, c.fetch),
                         {}});
    }
    for (std::size_t i = 0; i < clusters.size(); ++i) {
        const auto& s = clusters[i].config.discovery;
        boost::asio::co_spawn(
            io,
            [&poll = polls[i], &s]() -> boost::asio::awaitable<void> {
                poll.cycle = co_await master::poll_cycle(poll.clients, poll.ring, s.mode,
                                                         std::nullopt, s.tasks.services);
            },
            boost::asio::detached);
    }
    io.run();
    return polls;
}

// One cluster's targets text.
std::string targets_text(const cluster_spec& c, const master::discovery& found,
                         const telemetry::logger& log) {
    const auto& s = c.config.discovery;
    auto options = group_options_for(s, c.config.name);
    if (s.tasks.services.empty())
        return output::render_file_sd(output::make_target_groups(found.nodes, found.mode, options));
    auto built = task_groups_of(found, options, s.tasks);
    for (const auto& line : task_warnings(found, built)) log.warn(line);
    return output::render_file_sd(built.groups);
}

// The one cluster of the flags, written as it is built and rendered: the whole text is never
// held (it is larger than the answer), and each node is rendered while its data is still in the
// cache.
bool stream_nodes(const cluster_spec& c, const master::discovery& found, std::FILE* out) {
    std::string pieces;
    output::file_sd_writer text(pieces, [&](std::string_view piece) {
        return std::fwrite(piece.data(), 1, piece.size(), out) == piece.size();
    });
    auto options = group_options_for(c.config.discovery);
    auto groups = output::make_target_groups(found.nodes, found.mode, options,
                                             [&](const auto& group) { text.add(group); });
    return text.finish() && std::fflush(out) == 0;
}

}  // namespace

int print_once(const std::vector<cluster_spec>& clusters, telemetry::logger& log, std::FILE* out) {
    auto polls = poll_every_cluster(clusters);
    std::vector<std::string> texts;
    for (std::size_t i = 0; i < clusters.size(); ++i) {
        const auto& c = clusters[i];
        auto cluster_log = c.config.name.empty() ? log : log.with("cluster", c.config.name);
        master::cycle_reporter(c.config.discovery.master_names(), cluster_log,
                               master::cycle_reporter::style::one_shot)
            .report(polls[i].cycle);
        if (!polls[i].cycle.answered_by) continue;
        if (clusters.size() == 1 && c.config.name.empty() &&
            c.config.discovery.tasks.services.empty()) {
            if (stream_nodes(c, polls[i].cycle.found, out)) return 0;
            log.error("cannot write to stdout");
            return 1;
        }
        texts.push_back(targets_text(c, polls[i].cycle.found, cluster_log));
        polls[i].cycle = {};  // its answer, once rendered
    }
    if (texts.empty()) return 1;
    std::vector<std::string_view> views(texts.begin(), texts.end());
    if (!write_all(texts.size() == 1 ? texts.front() : output::join_file_sd(views), out)) {
        log.error("cannot write to stdout");
        return 1;
    }
    return 0;
}

}  // namespace swarmsd::swarm
