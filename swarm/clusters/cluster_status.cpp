#include "swarm/clusters/cluster_status.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace swarmsd::swarm {

web::cluster_view cluster_row(const cluster_discovery& c,
                              std::chrono::steady_clock::time_point now) {
    auto state = c.state();
    auto health = c.health(now);
    web::cluster_view view;
    view.name = c.name();
    view.healthy = health.healthy;
    view.health = health.line;
    view.targets = state.targets;
    std::string open;
    for (std::size_t i = 0; i < state.masters.size(); ++i) {
        const auto& m = state.masters[i];
        std::string what = m.answered_last        ? "answered last"
                           : m.failed_last        ? "failed: " + m.last_error
                           : m.last_error.empty() ? "standby"
                                                  : "standby (failed before: " + m.last_error + ")";
        view.masters.push_back(
            {c.settings().masters[i].text, what, m.answered_last, m.failed_last});
        if (m.stream_open) open = c.settings().masters[i].text;
    }
    view.stream = !c.settings().events ? "off (events: false)"
                  : open.empty()       ? "not open (polling)"
                                       : "open (" + open + ")";
    if (state.last_success) {
        auto ago = std::chrono::duration_cast<std::chrono::seconds>(
            std::chrono::system_clock::now() - *state.last_success);
        view.last_success = fmt::format(
            "{:%Y-%m-%d %H:%M:%S} UTC ({}s ago)",
            fmt::gmtime(std::chrono::system_clock::to_time_t(*state.last_success)), ago.count());
    } else {
        view.last_success = "never";
    }
    return view;
}

}  // namespace swarmsd::swarm
