#include "swarm/clusters/task_targets.hpp"

#include <fmt/format.h>

namespace swarmsd::swarm {

output::task_groups task_groups_of(const master::discovery& found,
                                   const output::group_options& options,
                                   const config::task_settings& tasks) {
    std::vector<output::service_source> sources;
    sources.reserve(found.services.size());
    for (const auto& s : found.services) {
        sources.push_back(
            {s.asked.name, s.asked.port, s.service ? &*s.service : nullptr, &s.tasks});
    }
    return output::make_task_groups(found.nodes, sources, options, tasks.network);
}

std::vector<std::string> task_warnings(const master::discovery& found,
                                       const output::task_groups& built) {
    std::vector<std::string> lines;
    for (const auto& s : found.services) {
        if (!s.service)
            lines.push_back(fmt::format("service {} not found: no targets for it", s.asked.name));
    }
    for (const auto& skipped : built.skipped) {
        lines.push_back(fmt::format("service {}: {} running task{} left out: {}", skipped.service,
                                    skipped.count, skipped.count == 1 ? "" : "s", skipped.why));
    }
    return lines;
}

output::publisher::named_runs groups_by_service(const master::discovery& found,
                                                const output::task_groups& built) {
    output::publisher::named_runs ranges;
    std::size_t first = 0;
    for (std::size_t i = 0; i < found.services.size(); ++i) {
        const auto& s = found.services[i];
        output::publisher::group_run range{first, built.service_ends.at(i)};
        first = range.end;
        ranges[s.asked.name] = range;
        if (s.service) ranges[s.service->name] = range;
    }
    return ranges;
}

}  // namespace swarmsd::swarm
