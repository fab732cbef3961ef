#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "tests/support/child_process.hpp"

namespace swarmsd::testing {

/// Debian's `prometheus-node-exporter` (or `SWARMSD_NODE_EXPORTER`), or nullopt when it is not
/// installed.
std::optional<std::filesystem::path> find_node_exporter();

/// A real metrics exporter standing in for a node's cAdvisor: node-exporter serving /metrics at
/// `address:port` (a loopback address such as 127.0.0.3), with a few cheap collectors. Stopped when
/// destroyed.
class node_exporter {
  public:
    node_exporter(const std::filesystem::path& binary, const std::string& address,
                  std::uint16_t port);

    /// Waits until it logs that it listens; false (with its log in `log()`) if it never does.
    bool wait_listening(std::chrono::milliseconds limit = std::chrono::seconds(15));
    std::string log() const { return process_.err(); }

  private:
    std::string address_;
    child_process process_;
};

}  // namespace swarmsd::testing
