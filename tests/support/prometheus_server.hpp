#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "tests/support/child_process.hpp"
#include "tests/support/required_tools.hpp"
#include "tests/support/temp_dir.hpp"

namespace swarmsd::testing {

/// The real Prometheus server (Debian's `prometheus` package), or nullopt when it is not installed.
/// `SWARMSD_PROMETHEUS` names another binary.
std::optional<std::filesystem::path> find_prometheus();

/// Debian's `promtool`, next to the Prometheus binary (or `SWARMSD_PROMTOOL`), or nullopt.
std::optional<std::filesystem::path> find_promtool();

/// One active target as Prometheus' `/api/v1/targets` shows it.
struct active_target {
    std::map<std::string, std::string> labels;  ///< after relabelling
    std::string health;                         ///< up, down or unknown
    bool operator==(const active_target&) const = default;
};

/// A Prometheus server started by a test on 127.0.0.1 with `config` (YAML) as its whole
/// configuration and a throwaway data directory. Stopped when destroyed.
class prometheus_server {
  public:
    prometheus_server(const std::filesystem::path& binary, const std::string& config);

    /// Waits until `/-/ready` answers 200; false (with the server's log in `log()`) if it never
    /// does.
    bool wait_ready(std::chrono::milliseconds limit = std::chrono::seconds(30));
    /// `GET path` on its HTTP API: the body of a 200 answer, or nullopt.
    std::optional<std::string> get(const std::string& path) const;
    /// The active targets of scrape pool `pool`, by their `instance` label; empty when it does
    /// not answer.
    std::map<std::string, active_target> active_targets(const std::string& pool) const;
    /// What it logged so far.
    std::string log() const;
    std::uint16_t port() const { return port_; }

  private:
    temp_dir dir_;
    std::uint16_t port_;
    std::unique_ptr<child_process> process_;
};

}  // namespace swarmsd::testing
