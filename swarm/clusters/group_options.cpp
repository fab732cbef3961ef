#include "swarm/clusters/group_options.hpp"

#include "output/node_label_names.hpp"

namespace swarmsd::swarm {

output::group_options group_options_for(const config::settings& settings,
                                        const std::string& cluster) {
    output::group_options options;
    options.cadvisor_port = settings.cadvisor_port;
    options.extra_labels = settings.labels;
    if (!cluster.empty())
        options.extra_labels[std::string(output::node_label_names::cluster)] = cluster;
    for (const auto& m : settings.masters) options.masters.push_back({m.text, m.host});
    return options;
}

}  // namespace swarmsd::swarm
