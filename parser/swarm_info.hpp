#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace swarmsd::parser {

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

/// An engine address split into host (IPv6 without brackets) and port (absent when not given).
struct host_port {
    std::string host;
    std::optional<std::uint16_t> port;
    bool operator==(const host_port&) const = default;
};

/// One Docker engine as a Swarm master lists it.
struct node {
    std::string name;     ///< `(unknown)` for a pending node
    std::string address;  ///< exactly as the master gave it, e.g. `10.0.0.11:2375`
    host_port endpoint;   ///< `address` split
    std::optional<std::string> id;
    std::optional<std::string> status;  ///< Healthy, Unhealthy, Pending, Disconnected
    std::optional<container_counts> containers;
    std::optional<reserved_amount> reserved_cpus;
    std::optional<std::string> reserved_memory;
    std::map<std::string, std::string> labels;  ///< engine labels
    std::optional<std::string> error;           ///< absent when the master says `(none)`
    std::optional<std::string> updated_at;
    std::optional<std::string> server_version;
    bool operator==(const node&) const = default;
};

/// The header rows of a classic Swarm status table.
struct swarm_header {
    std::optional<std::string> role;     ///< primary | replica
    std::optional<std::string> primary;  ///< the primary's address, on replicas
    std::optional<std::string> strategy;
    std::optional<std::string> filters;
    std::optional<long long> nodes_count;  ///< what the `Nodes` row claims; the rows win
    bool operator==(const swarm_header&) const = default;
};

/// What a classic Swarm master's `GET /info` says about its cluster.
struct swarm_info {
    std::string rows_field;  ///< `SystemStatus` or `DriverStatus`: where the table was found
    swarm_header header;
    std::vector<node> nodes;  ///< in the master's order
    bool operator==(const swarm_info&) const = default;
};

}  // namespace swarmsd::parser
