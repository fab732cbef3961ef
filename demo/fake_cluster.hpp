#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "demo/engine_bodies.hpp"
#include "demo/fake_master.hpp"

namespace swarmsd::testing {

/// A master whose cluster changes while swarm-sd follows it, answering from the nodes as they are
/// at each request and announcing each change on its event stream as the real master does:
/// - swarm mode: a manager answering `/info`, `/nodes` and `/nodes/<id>` (404 for a node it does
///   not have), with a node event (`create`, `update`, `remove`, `Actor.ID` = the node) per change;
/// - classic: a Swarm manager answering `/info`, with an `engine_*` event per change, written
///   back to back as classic Swarm writes them.
class fake_cluster {
  public:
    /// A swarm-mode manager listing `nodes`.
    explicit fake_cluster(std::vector<swarm_node> nodes);
    /// A classic Swarm manager listing `nodes` (name, address).
    explicit fake_cluster(std::vector<std::pair<std::string, std::string>> nodes);

    /// The master: its URL, its request counts, and its behaviours to change (a fault, say).
    fake_master& master() { return *master_; }

    /// Swarm mode: node `i` as `change` leaves it, announced with an `update` event.
    void update(std::size_t i, const std::function<void(swarm_node&)>& change);
    /// Swarm mode: a new node, announced with a `create` event.
    void add(swarm_node node);
    /// Swarm mode: node `i` taken out, announced with a `remove` event (unless `announce` is
    /// false: a node that went away while nobody listened).
    void remove(std::size_t i, bool announce = true);
    /// Classic: engine `i` now at `address`, announced with `engine_reconnect`.
    void move_engine(std::size_t i, std::string address);

    /// The nodes as the master lists them now.
    [[nodiscard]] std::vector<swarm_node> swarm_nodes() const;
    [[nodiscard]] std::vector<std::pair<std::string, std::string>> classic_nodes() const;

    /// A swarm-mode node event for `hostname`, as an Engine writes it (one line).
    [[nodiscard]] static std::string node_event(std::string_view action,
                                                const std::string& hostname);

  private:
    void serve_swarm_mode();
    reply node_answer(std::string_view target) const;

    mutable std::mutex mutex_;  // the nodes: changed by the test, read by the master's thread
    std::vector<swarm_node> swarm_;
    std::vector<std::string> ids_;  // each node's ID, in `swarm_`'s order
    std::vector<std::pair<std::string, std::string>> classic_;
    std::unique_ptr<fake_master> master_;
};

}  // namespace swarmsd::testing
