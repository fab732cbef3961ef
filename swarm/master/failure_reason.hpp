#pragma once

#include <array>
#include <boost/system/error_code.hpp>
#include <string_view>

namespace swarmsd::master {

/// Every value of the `reason` label of `swarm_sd_poll_failures_total`, in a stable order.
inline constexpr std::array<std::string_view, 14> failure_reasons = {
    "refused",        "timeout",       "dns",          "closed",         "http_status",
    "not_json",       "no_node_table", "no_task_list", "too_many_nodes", "not_manager",
    "body_too_large", "tls",           "io",           "other"};

/// Why a master failed, in one word for metrics: `refused` (nothing listens, or no socket),
/// `timeout`, `dns` (the name did not resolve), `closed` (the connection broke before a whole
/// answer), `http_status` (not 2xx), `not_json`, `no_node_table` (JSON without usable nodes),
/// `no_task_list` (`/tasks` or `/services/<name>` answered JSON of another shape),
/// `too_many_nodes` (more than --max-nodes), `not_manager` (a swarm-mode worker, an engine outside
/// a swarm, a locked swarm), `body_too_large` (body or header over the limit), `tls`, `io` (another
/// socket error) or `other`.
[[nodiscard]] std::string_view failure_reason(const boost::system::error_code& error);

}  // namespace swarmsd::master
