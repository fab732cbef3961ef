#include "swarm/telemetry/event_labels.hpp"

namespace swarmsd::telemetry {

std::pair<std::string_view, std::string_view> event_labels(const parser::engine_event& e) {
    if (!parser::changes_nodes(e)) return {e.type == "container" ? "container" : "other", "other"};
    std::string_view type = e.type == "node" ? "node" : "swarm";
    for (std::string_view known : {"create", "update", "remove"}) {
        if (e.action == known) return {type, known};
    }
    for (auto known : parser::engine_actions) {
        if (e.action == known) return {type, known};
    }
    return {type, "other"};
}

}  // namespace swarmsd::telemetry
