#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/system/error_code.hpp>
#include <optional>
#include <string>
#include <vector>

#include "rotation/master_ring.hpp"
#include "swarm/master/ask_master.hpp"

namespace swarmsd::master {

/// One master that failed in a cycle, and why.
struct master_failure {
    std::size_t master;  ///< index into the configured masters
    boost::system::error_code error;
    std::string detail{};  ///< what the master said, if it said why (`engine_message`)

    /// The error, with what the master said: "HTTP 500 Internal Server Error: The swarm does not
    /// have a leader".
    [[nodiscard]] std::string message() const {
        return detail.empty() ? error.message() : error.message() + ": " + detail;
    }
};

/// What a round of node fetches did (swarm mode: one `GET /nodes/<id>` per node an event named).
struct node_round {
    std::size_t updated = 0;  ///< fetched, and put into the last listing
    std::size_t gone = 0;     ///< answered 404, and taken out
    std::size_t removed = 0;  ///< named by a `remove` event, and taken out without asking
    /// The fetch that failed, if one did: the set is unknown, and a full listing follows at once.
    std::optional<master_failure> failure{};
    /// Where, in the last listing, fetched nodes replaced the ones it held (each a count in
    /// `updated`); a node that was new was added at its end.
    std::vector<std::size_t> replaced_at{};
    /// The services' tasks were listed again (`--tasks.service`), into the last listing.
    bool tasks_listed = false;

    /// True when the round only replaced nodes in place: none was added or taken out, so every
    /// other node is where it was.
    [[nodiscard]] bool only_replaced() const {
        return gone == 0 && removed == 0 && replaced_at.size() == updated;
    }
};

/// What one poll cycle found; or, for a round of node fetches, the last listing as they left it.
struct cycle_result {
    std::optional<std::size_t> answered_by;  ///< the master that answered well, if any
    discovery found;                         ///< its answer, when one answered
    std::vector<master_failure> failures;    ///< in the order they were tried
    std::size_t bytes = 0;                   ///< of the good answer's bodies
    std::optional<node_round> round{};       ///< set for a round of node fetches, not a listing
};

/// Asks masters in ring order, rotating on every failure (transport, HTTP status, an answer
/// without a usable node table, not a swarm manager), until one answers well or each has failed
/// once. `already_failed`: the current master failed just before (a node fetch), so the cycle
/// counts that failure and starts with the next. `services`: the tasks to list with the nodes.
[[nodiscard]] boost::asio::awaitable<cycle_result> poll_cycle(
    std::vector<engine_client>& masters, rotation::master_ring& ring, discovery_mode mode,
    std::optional<master_failure> already_failed = std::nullopt,
    std::vector<config::task_service> services = {});

/// One client per master, all with `options`.
[[nodiscard]] std::vector<engine_client> make_clients(const std::vector<master_url>& masters,
                                                      const fetch_options& options);

}  // namespace swarmsd::master
