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

/// What one poll cycle found.
struct cycle_result {
    std::optional<std::size_t> answered_by;  ///< the master that answered well, if any
    discovery found;                         ///< its answer, when one answered
    std::vector<master_failure> failures;    ///< in the order they were tried
    std::size_t bytes = 0;                   ///< of the good answer's bodies
};

/// Asks masters in ring order, rotating on every failure (transport, HTTP status, an answer
/// without a usable node table, not a swarm manager), until one answers well or each has failed
/// once.
[[nodiscard]] boost::asio::awaitable<cycle_result> poll_cycle(
    const std::vector<master_url>& masters, rotation::master_ring& ring, discovery_mode mode,
    fetch_options options);

}  // namespace swarmsd::master
