#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/system/error_code.hpp>
#include <optional>
#include <vector>

#include "parser/swarm_info.hpp"
#include "rotation/master_ring.hpp"
#include "swarm/http_client.hpp"
#include "swarm/master_url.hpp"

namespace swarmsd::swarm {

/// One master that failed in a cycle, and why.
struct master_failure {
    std::size_t master;  ///< index into the configured masters
    boost::system::error_code error;
};

/// What one poll cycle found.
struct cycle_result {
    std::optional<std::size_t> answered_by;  ///< the master that answered well, if any
    parser::swarm_info info;                 ///< its answer, when one answered
    std::vector<master_failure> failures;    ///< in the order they were tried
};

/// Asks masters in ring order, rotating on every failure (transport, HTTP status, or an answer
/// without a usable node table), until one answers well or each has failed once.
[[nodiscard]] boost::asio::awaitable<cycle_result> poll_cycle(const std::vector<master_url>& masters,
                                                              rotation::master_ring& ring,
                                                              fetch_options options);

}  // namespace swarmsd::swarm
