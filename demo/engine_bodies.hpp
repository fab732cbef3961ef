#pragma once

#include <optional>
#include <string>
#include <vector>

namespace swarmsd::testing {

/// One node of a fake swarm-mode cluster.
struct swarm_node {
    std::string hostname{};
    std::string addr{};                   ///< `Status.Addr`; `0.0.0.0` reproduces the manager trap
    std::string role = "worker";          ///< manager | worker
    std::string state = "ready";          ///< ready | down | unknown | disconnected
    std::string availability = "active";  ///< active | pause | drain
    std::optional<std::string> manager_addr{};  ///< `ManagerStatus.Addr`, managers only
    bool leader = false;
    /// As a real Engine 20.10 lists it (about 2 KiB): its plugins, the swarm's CA certificate,
    /// three node labels and two engine labels; otherwise the compact form (about 0.8 KiB).
    bool realistic = false;
    std::string tier = "web";  ///< the node label `tier`, in the realistic form
};

/// How an Engine's `/info` places it in a swarm.
enum class engine_role { manager, worker, not_in_swarm, locked };

/// A Docker Engine 27 `/info` body: no SystemStatus, a `Swarm` object for `role`.
std::string engine_info_body(engine_role role);

/// A `GET /nodes` body (Engine 27 shapes) listing `nodes`, IDs derived from the hostnames.
std::string swarm_nodes_body(const std::vector<swarm_node>& nodes);

/// The ID a fake node gets: 25 digits derived from its hostname.
std::string swarm_node_id(const std::string& hostname);

/// A `GET /nodes/<id>` body: `node` alone, as `swarm_nodes_body` lists it.
std::string swarm_node_body(const swarm_node& node);

/// A three-node swarm: a leader manager reporting `0.0.0.0` (manager address 10.20.0.11:2377),
/// a ready worker at 10.20.0.21 and a down, drained worker at 10.20.0.22, in that order.
std::vector<swarm_node> small_swarm();

/// `count` worker nodes named wrk-00001… at 10.x.y.z, for large-cluster runs. Realistic ones
/// (`swarm_node::realistic`) include a manager every 100 nodes, mgr-00001 the leader.
std::vector<swarm_node> numbered_swarm_nodes(std::size_t count, bool realistic = false);

}  // namespace swarmsd::testing
