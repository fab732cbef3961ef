#pragma once

#include <string>
#include <vector>

#include "demo/fake_master.hpp"

namespace swarmsd::testing {

/// One way a master can fail: either a behaviour of a fake master, or (for a connection refused
/// and a name that does not resolve) a master URL nothing answers at.
struct master_fault {
    std::string name;        ///< for test names: letters, digits and underscores
    behaviour info{};        ///< what the faulty master does with /info
    std::string dead_url{};  ///< when set, this URL is the faulty master instead
};

/// Every fault of the fault matrix (issue 5): refused, dns, hang, drip, close_at_once, http_301
/// (pointing at `redirect_to` + `/redirected/info`), http_404, http_500, http_503, html,
/// truncated_json, no_node_table, system_status_wrong_type, body_200mib (with a Content-Length),
/// and body_200mib_unannounced (without one: read up to the limit), invalid_utf8_and_nul,
/// rows_100000, nested_100000.
std::vector<master_fault> every_master_fault(const std::string& redirect_to);

}  // namespace swarmsd::testing
