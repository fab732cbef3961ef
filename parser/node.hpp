#pragma once

#include <boost/container/flat_map.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "parser/boxed.hpp"
#include "text/address.hpp"

namespace swarmsd::parser {

/// Labels, sorted by key, each key once: one array per node, not one allocation per label.
using label_map = boost::container::flat_map<std::string, std::string>;

/// A node's container count: `8`, or `8 (6 Running, 0 Paused, 2 Stopped)` from Swarm v1.2.4 on.
struct container_counts {
    long long total = 0;
    std::optional<long long> running;
    std::optional<long long> paused;
    std::optional<long long> stopped;
    bool operator==(const container_counts&) const = default;
};

/// A `used / total` pair such as `Reserved CPUs: 2 / 4`.
struct reserved_amount {
    double used = 0;
    double total = 0;
    bool operator==(const reserved_amount&) const = default;
};

/// What a swarm-mode manager's `GET /nodes` says about a node beyond the common fields.
struct swarm_mode_details {
    std::string role;          ///< manager | worker
    std::string availability;  ///< active | pause | drain
    std::string hostname;
    std::string status_addr;  ///< `Status.Addr` as given; `node::address` replaces `0.0.0.0`
    std::optional<bool> manager_leader;               ///< managers only
    std::optional<std::string> manager_reachability;  ///< managers only
    std::optional<std::string> manager_address;       ///< `ManagerStatus.Addr`, managers only
    std::optional<std::string> platform_os;
    std::optional<std::string> platform_architecture;
    std::optional<long long> nano_cpus;
    std::optional<long long> memory_bytes;
    label_map engine_labels;  ///< `Description.Engine.Labels`
    bool operator==(const swarm_mode_details&) const = default;
};

/// One Docker engine as a Swarm master lists it (classic), or one node of a swarm-mode cluster.
struct node {
    std::string name;  ///< `(unknown)` for a pending node; the hostname in swarm mode
    std::string
        address;  ///< as the master gave it, e.g. `10.0.0.11:2375`; swarm mode: `Status.Addr`
    text::host_port endpoint;  ///< `address` split
    std::optional<std::string> id;
    std::optional<std::string>
        status;  ///< Healthy, Unhealthy, Pending, Disconnected; swarm mode: ready, down, ...
    std::optional<container_counts> containers;
    std::optional<reserved_amount> reserved_cpus;
    std::optional<std::string> reserved_memory;
    label_map labels;  ///< engine labels; swarm mode: the node's `Spec.Labels`
    std::optional<std::string>
        error;  ///< absent when the master says `(none)`; swarm mode: `Status.Message`
    std::optional<std::string> updated_at;
    std::optional<std::string> server_version;
    /// Present for nodes read from `GET /nodes`; kept apart, so that a classic node (or a node
    /// in a table of ten thousand) is half the size.
    boxed<swarm_mode_details> swarm_mode;
    bool operator==(const node&) const = default;
};

/// The header rows of a classic Swarm status table.
struct classic_header {
    std::optional<std::string> role;     ///< primary | replica
    std::optional<std::string> primary;  ///< the primary's address, on replicas
    std::optional<std::string> strategy;
    std::optional<std::string> filters;
    std::optional<long long> nodes_count;  ///< what the `Nodes` row claims; the rows win
    bool operator==(const classic_header&) const = default;
};

/// What a classic Swarm master's `GET /info` says about its cluster.
struct classic_listing {
    std::string rows_field;  ///< `SystemStatus` or `DriverStatus`: where the table was found
    classic_header header;
    std::vector<node> nodes;        ///< in the master's order
    std::size_t skipped_nodes = 0;  ///< node rows left out: no address to scrape
    bool operator==(const classic_listing&) const = default;
};

/// Which kind of cluster a master runs: decides the request that lists nodes and the labels.
enum class cluster_mode {
    classic,     ///< standalone Swarm: nodes in `GET /info`'s status table
    swarm_mode,  ///< Docker Engine in swarm mode: nodes from a manager's `GET /nodes`
};

}  // namespace swarmsd::parser
