#include "swarm/task_targets.hpp"

#include <fmt/format.h>

#include "output/render_file_sd.hpp"

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

std::map<std::string, std::string> texts_by_service(const master::discovery& found,
                                                    const output::task_groups& built) {
    std::map<std::string, std::string> texts;
    for (const auto& s : found.services) {
        std::string text;
        output::file_sd_writer writer(text);
        if (s.service) {
            for (auto group : built.groups) {
                if (group.label_value("__meta_swarm_service_id") == s.service->id)
                    writer.add(group);
            }
        }
        writer.finish();
        texts[s.asked.name] = text;
        if (s.service) texts[s.service->name] = std::move(text);
    }
    return texts;
}

}  // namespace swarmsd::swarm
