#include "swarm/clusters/metrics_settings.hpp"

#include "swarm/master/discovery_loop.hpp"
#include "swarm/master/failure_reason.hpp"

namespace swarmsd::swarm {

telemetry::discovery_metrics::settings metrics_settings(const config::settings& s) {
    std::vector<std::string_view> triggers;
    for (auto t : {master::trigger::timer, master::trigger::event, master::trigger::signal})
        triggers.push_back(master::trigger_name(t));
    std::vector<std::string_view> kinds;
    for (auto k : master::request_kinds) kinds.push_back(master::request_kind_name(k));
    return {s.master_names(), s.refresh_interval,
            s.stale_after(),  {master::failure_reasons.begin(), master::failure_reasons.end()},
            triggers,         kinds};
}

}  // namespace swarmsd::swarm
