#include "swarm/config/group_options.hpp"

namespace swarmsd::config {

output::group_options group_options_for(const settings& settings) {
    output::group_options options;
    options.cadvisor_port = settings.cadvisor_port;
    options.extra_labels = settings.labels;
    for (const auto& m : settings.masters) options.masters.push_back({m.text, m.host});
    return options;
}

}  // namespace swarmsd::config
