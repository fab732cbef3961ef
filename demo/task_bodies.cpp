#include "demo/task_bodies.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

namespace swarmsd::testing {
namespace json = boost::json;

namespace {

json::object network_object(const std::string& id, const std::string& name, bool ingress,
                            const std::string& subnet) {
    json::object spec{{"Name", name},
                      {"Labels", ingress ? json::object{} : json::object{{"team", "ops"}}},
                      {"DriverConfiguration", {{"Name", "overlay"}}},
                      {"IPAMOptions", {{"Driver", {{"Name", "default"}}}}},
                      {"Scope", "swarm"}};
    if (ingress)
        spec["Ingress"] = true;
    else
        spec["Attachable"] = true;
    return {{"ID", id},
            {"Version", {{"Index", 12}}},
            {"CreatedAt", "2026-12-02T22:07:41.269248614Z"},
            {"UpdatedAt", "2026-12-02T22:07:41.284121138Z"},
            {"Spec", spec},
            {"DriverState",
             {{"Name", "overlay"},
              {"Options", {{"com.docker.network.driver.overlay.vxlanid_list", "4097"}}}}},
            {"IPAMOptions",
             {{"Driver", {{"Name", "default"}}},
              {"Configs", json::array{{{"Subnet", subnet}, {"Gateway", "10.0.0.1"}}}}}}};
}

json::object task_object(std::size_t k, const swarm_node& node, const std::string& service_id) {
    auto id = fmt::format("{:0>25}", k);
    return {
        {"ID", id},
        {"Version", {{"Index", 1000 + k}}},
        {"CreatedAt", "2026-12-02T22:07:41.387842524Z"},
        {"UpdatedAt", "2026-12-02T22:07:44.154992369Z"},
        {"Labels", json::object{}},
        {"Spec",
         {{"ContainerSpec",
           {{"Image",
             "gcr.io/cadvisor/cadvisor:v0.47.0@sha256:"
             "e6c562b5e983f13624898b5b6a902c71999580dc362022fc327c309234c485d7"},
            {"Labels", {{"com.docker.stack.namespace", "mon"}}},
            {"Args", json::array{"-logtostderr", "-docker_only", "-housekeeping_interval=10s"}},
            {"Init", false},
            {"Mounts",
             json::array{
                 {{"Type", "bind"}, {"Source", "/"}, {"Target", "/rootfs"}, {"ReadOnly", true}},
                 {{"Type", "bind"}, {"Source", "/var/run"}, {"Target", "/var/run"}},
                 {{"Type", "bind"}, {"Source", "/sys"}, {"Target", "/sys"}, {"ReadOnly", true}},
                 {{"Type", "bind"},
                  {"Source", "/var/lib/docker"},
                  {"Target", "/var/lib/docker"},
                  {"ReadOnly", true}}}},
            {"DNSConfig", json::object{}},
            {"Isolation", "default"}}},
          {"Resources",
           {{"Limits", {{"NanoCPUs", 300000000}, {"MemoryBytes", 134217728}}},
            {"Reservations", {{"NanoCPUs", 100000000}, {"MemoryBytes", 67108864}}}}},
          {"RestartPolicy", {{"Condition", "any"}, {"Delay", 5000000000}, {"MaxAttempts", 0}}},
          {"Placement", {{"Platforms", json::array{{{"Architecture", "amd64"}, {"OS", "linux"}}}}}},
          {"Networks", json::array{{{"Target", "o3md8ktqnk5safl1xg988xfmh"},
                                    {"Aliases", json::array{"cadvisor"}}}}},
          {"ForceUpdate", 0}}},
        {"ServiceID", service_id},
        {"NodeID", swarm_node_id(node.hostname)},
        {"Status",
         {{"Timestamp", "2026-12-02T22:07:44.102135828Z"},
          {"State", "running"},
          {"Message", "started"},
          {"ContainerStatus",
           {{"ContainerID", fmt::format("{:0>64}", k)}, {"PID", 12568}, {"ExitCode", 0}}},
          {"PortStatus", json::object{}}}},
        {"DesiredState", "running"},
        {"NetworksAttachments",
         json::array{{{"Network", network_object("2y8fe2l074u34jkxe4ymwkank", "ingress", true,
                                                 "10.255.0.0/16")},
                      {"Addresses",
                       json::array{fmt::format("10.255.{}.{}/16", k / 250 % 250, k % 250 + 2)}}},
                     {{"Network", network_object("o3md8ktqnk5safl1xg988xfmh", "monitoring", false,
                                                 "10.0.0.0/16")},
                      {"Addresses",
                       json::array{fmt::format("10.0.{}.{}/16", k / 250 % 250, k % 250 + 2)}}}}},
    };
}

}  // namespace

std::string swarm_tasks_body(const std::vector<swarm_node>& nodes, std::size_t count,
                             const std::string& service_id) {
    json::array list;
    list.reserve(count);
    for (std::size_t k = 0; k < count; ++k)
        list.push_back(task_object(k, nodes[k % nodes.size()], service_id));
    return json::serialize(list);
}

}  // namespace swarmsd::testing
