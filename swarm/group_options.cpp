#include "swarm/group_options.hpp"

namespace swarmsd::swarm {

output::group_options group_options_for(const config::settings& settings) {
    output::group_options options;
    options.cadvisor_port = settings.cadvisor_port;
    options.extra_labels = settings.labels;
    for (const auto& m : settings.masters) options.masters.push_back({m.text, m.host});
    return options;
}

}  // namespace swarmsd::swarm
