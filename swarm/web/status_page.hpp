#pragma once

#include <string>
#include <vector>

namespace swarmsd::web {

/// One master of a cluster, as the status page shows it.
struct master_view {
    std::string url;
    std::string state;  ///< "answered last", "failed: <why>", "standby", ...
    bool answered_last = false;
    bool failed = false;
};

/// One cluster's row on the status page. Every text is shown escaped: much of it is a master's.
struct cluster_view {
    std::string name;  ///< empty: the one cluster of the flags
    std::vector<master_view> masters;
    std::string last_success;  ///< "2026-12-03 04:20:31 UTC (12s ago)", or "never"
    std::string stream;        ///< "open (m1)", "closed", "off (--events=false)"
    std::size_t targets = 0;
    bool healthy = false;
    std::string health;  ///< the `/healthz` line
};

/// What the status page shows.
struct status_view {
    std::string version;
    std::vector<cluster_view> clusters;
    std::string config;  ///< "" without --config.file, else its path and last reload's outcome
};

/// The page at `/`: one row per cluster, with links to its `/targets` and `/healthz`. One
/// self-contained HTML document (no script, no external asset), readable on a phone.
[[nodiscard]] std::string status_page(const status_view& view);

/// `text` escaped for HTML text and attribute values.
[[nodiscard]] std::string html_escaped(std::string_view text);

}  // namespace swarmsd::web
