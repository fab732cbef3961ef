#include "parser/engine_info.hpp"

#include <boost/json/parse.hpp>

#include "parser/json_access.hpp"

namespace swarmsd::parser {
namespace json = boost::json;
using namespace json_access;

namespace {

std::vector<remote_manager> read_remote_managers(const json::object& swarm) {
    std::vector<remote_manager> out;
    const auto* list = swarm.if_contains("RemoteManagers");
    if (!list || !list->is_array()) return out;
    for (const auto& entry : list->get_array()) {
        const auto* o = entry.if_object();
        if (!o) continue;
        out.push_back({std::string(string_at(*o, "NodeID").value_or("")),
                       std::string(string_at(*o, "Addr").value_or(""))});
    }
    return out;
}

engine_swarm read_swarm(const json::object& o) {
    engine_swarm s;
    s.local_node_state = string_at(o, "LocalNodeState").value_or("");
    s.control_available = bool_at(o, "ControlAvailable").value_or(false);
    s.node_id = string_at(o, "NodeID").value_or("");
    s.node_addr = string_at(o, "NodeAddr").value_or("");
    s.error = string_at(o, "Error").value_or("");
    if (auto cluster = object_at(o, "Cluster"); cluster.object) {
        s.cluster_id = string_at(*cluster.object, "ID").value_or("");
    }
    s.nodes = integer_at(o, "Nodes");
    s.managers = integer_at(o, "Managers");
    s.remote_managers = read_remote_managers(o);
    return s;
}

}  // namespace

boost::system::result<engine_info> parse_engine_info(std::string_view body) {
    auto document = parse_document(body);
    if (!document) return document.error();
    const auto* top = document->if_object();
    if (!top) return errc::not_an_object;
    engine_info info;
    info.server_version = text_at(*top, "ServerVersion");
    if (auto swarm = object_at(*top, "Swarm"); swarm.object) info.swarm = read_swarm(*swarm.object);
    return info;
}

boost::system::error_code manager_problem(const engine_info& info) {
    if (!info.swarm) return errc::not_in_swarm;
    const auto& state = info.swarm->local_node_state;
    if (state == "locked") return errc::swarm_locked;
    if (state != "active") return errc::not_in_swarm;
    if (!info.swarm->control_available) return errc::not_a_manager;
    return {};
}

std::string engine_message(std::string_view body) {
    constexpr std::size_t max_bytes = 200;
    std::string text;
    boost::system::error_code ec;
    auto value = boost::json::parse(body.substr(0, 64 * 1024), ec);
    const auto* object = ec ? nullptr : value.if_object();
    const auto* message = object ? object->if_contains("message") : nullptr;
    if (message && message->is_string()) {
        text = std::string(message->as_string());
    } else if (ec) {
        text = std::string(body.substr(0, body.find('\n')));
    }
    if (text.size() > max_bytes) {
        auto cut = max_bytes;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
        text.resize(cut);
        text += "...";
    }
    for (auto& c : text) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text;
}

}  // namespace swarmsd::parser
