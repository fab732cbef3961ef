#include "demo/engine_bodies.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

namespace swarmsd::testing {
namespace json = boost::json;

std::string swarm_node_id(const std::string& hostname) {
    return fmt::format("{:0>25}", std::to_string(std::hash<std::string>{}(hostname)).substr(0, 25));
}

namespace {

// What a real Engine 20.10 adds to every node: its plugins and the swarm's CA certificate.
json::array engine_plugins() {
    json::array plugins;
    for (const char* name : {"awslogs", "fluentd", "gcplogs", "gelf", "journald", "json-file",
                             "local", "logentries", "splunk", "syslog"})
        plugins.push_back(json::object{{"Type", "Log"}, {"Name", name}});
    for (const char* name : {"bridge", "host", "ipvlan", "macvlan", "null", "overlay"})
        plugins.push_back(json::object{{"Type", "Network"}, {"Name", name}});
    plugins.push_back(json::object{{"Type", "Volume"}, {"Name", "local"}});
    return plugins;
}

json::object tls_info() {
    // A certificate's shape: 64-character base64 lines between PEM markers, about 600 bytes.
    std::string pem = "-----BEGIN CERTIFICATE-----\n";
    for (int line = 0; line < 9; ++line) {
        for (int i = 0; i < 64; ++i)
            pem +=
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[(line * 7 + i) %
                                                                                   64];
        pem += "\n";
    }
    pem += "-----END CERTIFICATE-----\n";
    return {{"TrustRoot", pem},
            {"CertIssuerSubject", "MBMxETAPBgNVBAMTCHN3YXJtLWNh"},
            {"CertIssuerPublicKey",
             "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAErhghjmZ52xqmKOs5M13MyywMFY/"
             "4lL4mLvocaPz4a873yX4BylsymsNkU1ZKun4Ge9Q6R+yirXht0yiFFocvVQ=="}};
}

json::object node_object(const swarm_node& n) {
    json::object o{
        {"ID", swarm_node_id(n.hostname)},
        {"Version", {{"Index", 31}}},
        {"CreatedAt", "2024-10-02T08:11:05.123456789Z"},
        {"UpdatedAt", "2024-11-19T16:40:12.987654321Z"},
        {"Spec",
         {{"Name", ""},
          {"Labels", {{"com.example.zone", "eu-1a"}}},
          {"Role", n.role},
          {"Availability", n.availability}}},
        {"Description",
         {{"Hostname", n.hostname},
          {"Platform", {{"Architecture", "x86_64"}, {"OS", "linux"}}},
          {"Resources", {{"NanoCPUs", 4000000000}, {"MemoryBytes", 8214798336}}},
          {"Engine",
           {{"EngineVersion", "27.3.1"},
            {"Labels", {{"storage-tier", "ssd"}}},
            {"Plugins", json::array{json::object{{"Type", "Network"}, {"Name", "overlay"}}}}}},
          {"TLSInfo",
           {{"TrustRoot", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"}}}}},
        {"Status", {{"State", n.state}, {"Addr", n.addr}}},
    };
    if (n.state == "down") o["Status"].as_object()["Message"] = "heartbeat failure";
    if (n.realistic) {
        auto& spec = o["Spec"].as_object();
        spec["Labels"] = {{"com.example.zone", "eu-1" + n.hostname.substr(n.hostname.size() - 1)},
                          {"com.example.rack", "r" + n.hostname.substr(n.hostname.size() - 2)},
                          {"tier", n.tier}};
        auto& description = o["Description"].as_object();
        auto& engine = description["Engine"].as_object();
        engine["EngineVersion"] = "20.10.24+dfsg1";
        engine["Labels"] = {{"storage-tier", "ssd"}, {"com.example.node", n.hostname}};
        engine["Plugins"] = engine_plugins();
        description["TLSInfo"] = tls_info();
    }
    if (n.manager_addr) {
        json::object manager{{"Reachability", "reachable"}, {"Addr", *n.manager_addr}};
        if (n.leader) manager["Leader"] = true;
        o["ManagerStatus"] = std::move(manager);
    }
    return o;
}

}  // namespace

std::string engine_info_body(engine_role role) {
    json::object swarm{
        {"NodeID", role == engine_role::not_in_swarm ? "" : "kq3wg8o0l2rzpsh7e8vnq0y1c"},
        {"NodeAddr", role == engine_role::not_in_swarm ? "" : "127.0.0.1"},
        {"LocalNodeState", role == engine_role::not_in_swarm ? "inactive"
                           : role == engine_role::locked     ? "locked"
                                                             : "active"},
        {"ControlAvailable", role == engine_role::manager},
        {"Error", ""},
        {"RemoteManagers", nullptr}};
    json::object info{{"ID", "Y7ZQ:NB3K:2S2W"},
                      {"Containers", 4},
                      {"Driver", "overlay2"},
                      {"DriverStatus", json::array{json::array{"Backing Filesystem", "extfs"}}},
                      {"Name", "engine-under-test"},
                      {"ServerVersion", "27.3.1"},
                      {"Swarm", std::move(swarm)}};
    return json::serialize(info);
}

std::string swarm_nodes_body(const std::vector<swarm_node>& nodes) {
    json::array list;
    for (const auto& n : nodes) list.push_back(node_object(n));
    return json::serialize(list);
}

std::string swarm_node_body(const swarm_node& node) { return json::serialize(node_object(node)); }

std::vector<swarm_node> small_swarm() {
    return {{.hostname = "mgr-1",
             .addr = "0.0.0.0",
             .role = "manager",
             .manager_addr = "10.20.0.11:2377",
             .leader = true},
            {.hostname = "wrk-1", .addr = "10.20.0.21"},
            {.hostname = "wrk-2", .addr = "10.20.0.22", .state = "down", .availability = "drain"}};
}

std::vector<swarm_node> numbered_swarm_nodes(std::size_t count, bool realistic) {
    std::vector<swarm_node> nodes;
    nodes.reserve(count);
    for (std::size_t i = 1; i <= count; ++i) {
        swarm_node n{fmt::format("wrk-{:05}", i),
                     fmt::format("10.{}.{}.{}", 1 + i / 65536, i / 256 % 256, i % 256)};
        n.realistic = realistic;
        if (realistic && i % 100 == 1) {
            n.hostname = fmt::format("mgr-{:05}", i);
            n.role = "manager";
            n.manager_addr = n.addr + ":2377";
            n.leader = i == 1;
        }
        nodes.push_back(std::move(n));
    }
    return nodes;
}

}  // namespace swarmsd::testing
