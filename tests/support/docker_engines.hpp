#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/child_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace swarmsd::testing {

/// How the engines of a `docker_engines` are networked.
enum class engine_network {
    /// One network namespace for them all, each on a loopback address (127.0.1.N). Overlay
    /// tasks run on one node only: the others fail with "error creating vxlan interface: file
    /// exists" (the vxlan devices of one network collide in one namespace).
    shared,
    /// A network namespace each, joined by a bridge in a namespace of the tests' own, each
    /// engine at 10.99.0.N on it: overlay networks work on every node. Nothing reaches the host's
    /// network either way.
    bridged,
};

/// One real Docker Engine (dockerd) started by `docker_engines`.
struct docker_engine {
    std::string name;     ///< its hostname, which is its node's name in a swarm
    std::string address;  ///< its address for the swarm (127.0.1.N; bridged: 10.99.0.N)
    std::string socket;   ///< its API: unix:///.../docker.sock
    std::string dir;      ///< data root, exec root and pid file live here
    std::unique_ptr<child_process> process;
    std::unique_ptr<child_process> network;  ///< holds its own network namespace (bridged)
    [[nodiscard]] bool running() const { return process != nullptr; }
};

/// Real Docker Engines for tests, on loopback, as a user would run them: Debian's dockerd, one
/// set of directories and a hostname each, in a network namespace of the tests' own (so the
/// bridges a swarm creates never reach the host) and a mount namespace each (so nothing stays
/// mounted). Every engine is stopped when this goes, whatever happened; if the test process
/// dies instead, the engines are sent SIGTERM by the kernel (parent-death signal).
class docker_engines {
  public:
    /// What is missing to run engines here ("dockerd not found"), or nothing.
    static std::optional<std::string> missing();

    explicit docker_engines(engine_network network = engine_network::shared);
    ~docker_engines();
    docker_engines(const docker_engines&) = delete;
    docker_engines& operator=(const docker_engines&) = delete;

    /// Starts an engine with hostname `name` and engine labels `labels` (dockerd --label), and
    /// waits until its API answers. Throws std::runtime_error if it does not within 30 s.
    docker_engine& start(const std::string& name, const std::vector<std::string>& labels = {});

    /// The engine started as `name`; throws std::out_of_range for another name.
    docker_engine& engine(const std::string& name);

    /// Stops `engine` (SIGTERM, then SIGKILL after 20 s); its directories stay, so it can be
    /// started again with `restart`.
    void stop(docker_engine& engine);
    /// Starts a stopped engine again, with its state (its swarm membership included).
    void restart(docker_engine& engine);

    /// `docker -H <engine> args...`; the CLI's exit code and output.
    run_result docker(const docker_engine& engine, const std::vector<std::string>& args);
    /// Like `docker`, but a failure is a thrown std::runtime_error with the CLI's message.
    std::string must(const docker_engine& engine, const std::vector<std::string>& args);

    /// Imports an image tagged `tag` into `engine` (there is no registry): a rootfs of busybox
    /// (Debian's busybox-static, nothing else in it) with `httpd`, `sh` and a page `/www/metrics`
    /// to serve (`httpd -f -p 8080 -h /www`). Throws std::runtime_error when it cannot.
    void import_busybox_httpd(docker_engine& engine, const std::string& tag);

    /// `docker swarm init` on `leader`, listening and advertising on its loopback address.
    void init_swarm(docker_engine& leader);
    /// `docker swarm join` of `engine` to the swarm `leader` manages, as a worker or a manager;
    /// waits until the leader lists it as ready.
    void join(docker_engine& engine, docker_engine& leader, bool as_manager = false);
    /// Waits until `manager` lists `node` with this status (`ready`, `down`); false after `limit`.
    bool wait_for_status(docker_engine& manager, const std::string& node, const std::string& status,
                         std::chrono::seconds limit = std::chrono::seconds(60));

  private:
    void spawn(docker_engine& engine, const std::vector<std::string>& labels);
    void give_network(docker_engine& engine, std::size_t n);
    engine_network network_;
    bool answers(const docker_engine& engine);

    temp_dir dir_;
    std::unique_ptr<child_process> namespace_holder_;
    std::vector<std::unique_ptr<docker_engine>> engines_;
    std::map<std::string, std::vector<std::string>> labels_;  ///< by engine name, for restarts
};

}  // namespace swarmsd::testing
