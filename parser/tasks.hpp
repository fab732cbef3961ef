#pragma once

#include <boost/system/result.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parser/node.hpp"

namespace swarmsd::parser {

/// A port a task or its service publishes (`PortStatus.Ports`, `Endpoint.Ports`).
struct port_mapping {
    std::string protocol;      ///< tcp, udp, sctp
    std::string publish_mode;  ///< ingress | host
    std::uint16_t target_port = 0;
    std::uint16_t published_port = 0;
    bool operator==(const port_mapping&) const = default;
};

/// A network a task is attached to (`NetworksAttachments[]`).
struct task_network {
    std::string id;
    std::string name;   ///< `Spec.Name`
    std::string scope;  ///< `Spec.Scope`: swarm
    bool internal = false;
    bool ingress = false;
    label_map labels;                    ///< `Spec.Labels`
    std::vector<std::string> addresses;  ///< as given: `10.0.1.3/24`
    bool operator==(const task_network&) const = default;
};

/// One task of a service, as `GET /tasks` lists it.
struct task {
    std::string id;
    std::string service_id;
    std::string node_id;            ///< empty while it is not yet placed
    std::optional<long long> slot;  ///< replicated services only
    std::string state;              ///< `Status.State`
    std::string desired_state;
    std::string container_id;    ///< `Status.ContainerStatus.ContainerID`
    label_map container_labels;  ///< `Spec.ContainerSpec.Labels`
    std::vector<task_network> networks;
    std::vector<port_mapping> ports;  ///< `Status.PortStatus.Ports`
    bool operator==(const task&) const = default;
};

/// A service, as `GET /services/<name>` gives it.
struct service {
    std::string id;
    std::string name;  ///< `Spec.Name`
    std::string mode;  ///< replicated | global (or the mode's own name, for a newer one)
    label_map labels;  ///< `Spec.Labels`
    std::vector<port_mapping> endpoint_ports;  ///< `Endpoint.Ports`
    bool operator==(const service&) const = default;
};

/// The tasks of a `GET /tasks` answer; an entry that is not an object, or has no ID, is skipped.
[[nodiscard]] boost::system::result<std::vector<task>> parse_tasks(std::string_view body);

/// The service of a `GET /services/<name>` answer.
[[nodiscard]] boost::system::result<service> parse_service(std::string_view body);

}  // namespace swarmsd::parser
