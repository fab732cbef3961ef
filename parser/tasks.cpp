#include "parser/tasks.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <cctype>

#include "parser/errc.hpp"
#include "parser/json_access.hpp"

namespace swarmsd::parser {
namespace json = boost::json;
using namespace json_access;

namespace {

std::string text_or_empty(const json::object& o, std::string_view key) {
    return std::string(string_at(o, key).value_or(""));
}

label_map labels_at(const json::object& o, std::string_view key) {
    label_map labels;
    auto member = object_at(o, key);
    if (!member.object) return labels;
    labels.reserve(member.object->size());
    for (const auto& [k, v] : *member.object) {
        if (const auto* s = v.if_string()) labels.emplace(std::string(k), std::string(*s));
    }
    return labels;
}

const json::array* array_at(const json::object& o, std::string_view key) {
    const auto* value = o.if_contains(key);
    return value ? value->if_array() : nullptr;
}

// A port number, or 0 when the value is not one.
std::uint16_t port_at(const json::object& o, std::string_view key) {
    auto n = integer_at(o, key);
    return n && *n > 0 && *n <= 65535 ? static_cast<std::uint16_t>(*n) : 0;
}

std::vector<port_mapping> ports_at(const json::object& o, std::string_view key) {
    std::vector<port_mapping> ports;
    const auto* list = array_at(o, key);
    if (!list) return ports;
    for (const auto& entry : *list) {
        const auto* p = entry.if_object();
        if (!p) continue;
        ports.push_back({text_or_empty(*p, "Protocol"), text_or_empty(*p, "PublishMode"),
                         port_at(*p, "TargetPort"), port_at(*p, "PublishedPort")});
    }
    return ports;
}

std::optional<task_network> read_attachment(const json::object& a) {
    auto network = object_at(a, "Network");
    if (!network.object) return std::nullopt;
    task_network n;
    n.id = text_or_empty(*network.object, "ID");
    if (auto spec = object_at(*network.object, "Spec"); spec.object) {
        n.name = text_or_empty(*spec.object, "Name");
        n.scope = text_or_empty(*spec.object, "Scope");
        n.internal = bool_at(*spec.object, "Internal").value_or(false);
        n.ingress = bool_at(*spec.object, "Ingress").value_or(false);
        n.labels = labels_at(*spec.object, "Labels");
    }
    if (const auto* addresses = array_at(a, "Addresses")) {
        for (const auto& address : *addresses) {
            if (const auto* s = address.if_string()) n.addresses.emplace_back(*s);
        }
    }
    return n;
}

std::optional<task> read_task(const json::object& o) {
    task t;
    t.id = text_or_empty(o, "ID");
    if (t.id.empty()) return std::nullopt;
    t.service_id = text_or_empty(o, "ServiceID");
    t.node_id = text_or_empty(o, "NodeID");
    t.slot = integer_at(o, "Slot");
    t.desired_state = text_or_empty(o, "DesiredState");
    if (auto status = object_at(o, "Status"); status.object) {
        t.state = text_or_empty(*status.object, "State");
        if (auto container = object_at(*status.object, "ContainerStatus"); container.object)
            t.container_id = text_or_empty(*container.object, "ContainerID");
        if (auto ports = object_at(*status.object, "PortStatus"); ports.object)
            t.ports = ports_at(*ports.object, "Ports");
    }
    if (auto spec = object_at(o, "Spec"); spec.object) {
        if (auto container = object_at(*spec.object, "ContainerSpec"); container.object)
            t.container_labels = labels_at(*container.object, "Labels");
    }
    if (const auto* attachments = array_at(o, "NetworksAttachments")) {
        for (const auto& a : *attachments) {
            const auto* object = a.if_object();
            if (!object) continue;
            if (auto network = read_attachment(*object)) t.networks.push_back(std::move(*network));
        }
    }
    return t;
}

std::string mode_of(const json::object& spec) {
    auto mode = object_at(spec, "Mode");
    if (!mode.object) return {};
    if (mode.object->contains("Global")) return "global";
    if (mode.object->contains("Replicated")) return "replicated";
    // A mode of a newer Engine (ReplicatedJob, GlobalJob): its own name, in lower case as above.
    if (mode.object->empty()) return {};
    std::string name(mode.object->begin()->key());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return name;
}

}  // namespace

boost::system::result<std::vector<task>> parse_tasks(std::string_view body) {
    // The document lives only while its tasks are copied out: its memory is taken in a few large
    // blocks and given back at once, not node by node (a listing of 10,000 tasks is 24 MB).
    json::monotonic_resource memory;
    auto document = parse_document(body, &memory);
    if (!document) return document.error();
    const auto* list = document->if_array();
    if (!list) return errc::not_a_task_list;
    std::vector<task> tasks;
    tasks.reserve(list->size());
    for (const auto& entry : *list) {
        const auto* o = entry.if_object();
        if (!o) continue;
        if (auto t = read_task(*o)) tasks.push_back(std::move(*t));
    }
    return tasks;
}

boost::system::result<service> parse_service(std::string_view body) {
    auto document = parse_document(body);
    if (!document) return document.error();
    const auto* o = document->if_object();
    if (!o) return errc::not_a_service;
    service s;
    s.id = text_or_empty(*o, "ID");
    auto spec = object_at(*o, "Spec");
    if (s.id.empty() || !spec.object) return errc::not_a_service;
    s.name = text_or_empty(*spec.object, "Name");
    s.mode = mode_of(*spec.object);
    s.labels = labels_at(*spec.object, "Labels");
    if (auto endpoint = object_at(*o, "Endpoint"); endpoint.object)
        s.endpoint_ports = ports_at(*endpoint.object, "Ports");
    return s;
}

}  // namespace swarmsd::parser
