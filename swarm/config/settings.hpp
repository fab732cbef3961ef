#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "swarm/config/listen_address.hpp"
#include "swarm/config/master_url.hpp"

namespace swarmsd::config {

using namespace std::chrono_literals;

/// The master when none is given and DOCKER_HOST is unset: the local engine, as the Docker CLI.
inline constexpr std::string_view default_docker_socket = "unix:///var/run/docker.sock";

/// Which kinds of master to accept (`--mode`).
enum class discovery_mode {
    auto_detect,  ///< classic when `/info` has a node table, swarm mode when it comes from a
                  ///< manager
    classic,      ///< only classic Swarm masters
    swarm_mode,   ///< only swarm-mode managers
};

/// How much to log.
enum class log_level { debug, info, warn, error };

/// How log lines are written: logfmt (`ts=… level=… msg=…`) or one JSON object per line.
enum class log_format { logfmt, json };

/// How to speak TLS to masters (`--tls.*`, or Docker's DOCKER_CERT_PATH and DOCKER_TLS_VERIFY).
/// Only names files: loading them is a start-up step of its own (`master::make_fetch_options`).
struct tls_settings {
    std::string ca_file{};      ///< CAs to trust; empty: the system's (ca-certificates)
    std::string cert_file{};    ///< client certificate (PEM), for masters that demand one
    std::string key_file{};     ///< its private key (PEM)
    std::string server_name{};  ///< name to expect in every master's certificate; empty: its host
    bool insecure_skip_verify = false;
    std::string docker_cert_path{};  ///< DOCKER_CERT_PATH (or ~/.docker with DOCKER_TLS_VERIFY)
    bool docker_cert_path_given = false;  ///< DOCKER_CERT_PATH itself was set: it must hold files
    bool operator==(const tls_settings&) const = default;
};

/// Limits for one request to one master, and for what its answer may hold.
struct request_settings {
    std::chrono::milliseconds timeout = 5s;     ///< resolve, connect, write and read together
    std::size_t body_limit = 16 * 1024 * 1024;  ///< `--max-body-size`
    std::size_t max_nodes = 10'000;             ///< `--max-nodes`
    bool operator==(const request_settings&) const = default;
};

/// The web server's port when `--web.listen-address` is not given: one no common
/// Prometheus-ecosystem component uses by default.
inline constexpr std::uint16_t default_web_port = 9475;

/// Where cAdvisor serves /metrics when nothing else is said (`--cadvisor.port`): the port the
/// compose and stack files publish it on.
inline constexpr std::uint16_t default_cadvisor_port = 8070;

/// How the web server listens and treats its clients.
struct web_settings {
    /// None when `--web.listen-address` is empty (the web server is off).
    std::optional<listen_address> listen =
        listen_address{std::string(":") + std::to_string(default_web_port), "::", default_web_port};
    /// Deadline for reading one request (an idle keep-alive connection included) and for writing
    /// its answer: a slow client is cut off, never waited on.
    std::chrono::milliseconds read_timeout = 10s;
    std::size_t max_connections = 64;  ///< served at once; newer ones are closed until one ends
    /// TLS and basic authentication, in the exporter-toolkit format; empty: plain HTTP, open.
    std::string config_file;
    bool operator==(const web_settings&) const = default;
};

/// A service whose running tasks are the targets (`--tasks.service NAME:PORT`).
struct task_service {
    std::string name;        ///< the service's exact name (a stack's: `<stack>_<name>`) or ID
    std::uint16_t port = 0;  ///< the container port its exporter listens on
    bool operator==(const task_service&) const = default;
};

/// Targets from service tasks instead of nodes (swarm mode).
struct task_settings {
    std::vector<task_service> services;  ///< none: the targets are the nodes' cAdvisors
    /// The network whose address is a task's target; empty: the task's one network that is not
    /// `ingress`.
    std::string network;
    /// Tasks have no events: their listing is repeated this often. A listing of 10,000 tasks
    /// costs about what a listing of 10,000 nodes does (docs/performance.md).
    std::chrono::milliseconds refresh_interval = 15s;
    bool operator==(const task_settings&) const = default;
};

/// Everything the command line and the environment configure. Each default is written here,
/// once: the help text prints these.
struct settings {
    std::vector<master_url> masters;
    discovery_mode mode = discovery_mode::auto_detect;
    std::uint16_t cadvisor_port = default_cadvisor_port;
    /// The resync: with events flowing a listing follows each change within a fraction of a
    /// second, so the timer only catches what a stream missed; Prometheus' own Swarm discovery
    /// refreshes this often too. Without events (`--events=false`, an old engine) it is the
    /// polling period.
    std::chrono::milliseconds refresh_interval = 60s;
    bool events = true;  ///< follow the masters' event streams
    task_settings tasks;
    request_settings request;
    tls_settings tls;
    std::string output_file;
    /// `--output.dir`: one `<cluster>.json` per cluster of `config_file`.
    std::string output_dir;
    /// `--config.file`: the clusters, each with its own masters and settings; empty: the flags
    /// are one cluster.
    std::string config_file;
    bool config_check = false;  ///< `--config.check`: read `config_file`, say whether it is good
    bool print = false;
    bool healthcheck = false;  ///< ask a running daemon's /healthz and exit
    std::map<std::string, std::string> labels;
    web_settings web;
    /// /healthz turns 503 past this age of the last good poll; none: `stale_after()`'s default.
    std::optional<std::chrono::milliseconds> health_stale_after;
    log_level level = log_level::info;
    log_format format = log_format::logfmt;

    /// `--health.stale-after`, by default three refresh intervals.
    [[nodiscard]] std::chrono::milliseconds stale_after() const {
        return health_stale_after.value_or(3 * refresh_interval);
    }
    /// The masters as configured, to name them in logs and metrics.
    [[nodiscard]] std::vector<std::string> master_names() const {
        std::vector<std::string> names;
        for (const auto& m : masters) names.push_back(m.text);
        return names;
    }
    bool operator==(const settings&) const = default;
};

}  // namespace swarmsd::config
