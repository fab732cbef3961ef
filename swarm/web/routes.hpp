#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "swarm/web/status_page.hpp"

namespace swarmsd::web {

/// One HTTP answer, before it goes on the wire.
struct web_answer {
    unsigned status = 200;
    std::string content_type;
    std::string body;
    bool operator==(const web_answer&) const = default;
};

/// What `/healthz` says: 200 or 503, and why.
struct health_answer {
    bool healthy = false;
    std::string line;
};

/// What `/targets` and `/healthz` were asked for: `?cluster=` and `?service=`, when given.
struct query {
    std::optional<std::string> cluster;
    std::optional<std::string> service;
};

/// A file_sd text (null before the first good listing: 503), or why the query matches nothing
/// (404, one line).
using targets_answer = std::variant<std::shared_ptr<const std::string>, std::string>;
/// A health answer, or why the query matches nothing (404, one line).
using health_lookup = std::variant<health_answer, std::string>;

/// What `POST /-/reload` did: whether the new configuration is in force, and one line why.
struct reload_answer {
    bool ok = false;
    std::string line;
};

/// What the server serves, handed to it by whoever knows: the server itself knows nothing of
/// masters, parsing or polling.
struct web_content {
    std::function<std::string()> metrics;  ///< the Prometheus text exposition
    std::function<health_lookup(const query&)> health;
    std::function<targets_answer(const query&)> targets;
    std::function<status_view()> status;  ///< the page at `/`
    /// `POST /-/reload`; none: there is nothing to reload (no `--config.file`).
    std::function<reload_answer()> reload{};
};

/// Answers a request to the built-in web server: `GET /metrics`, `/healthz` and `/targets`, the
/// status page at `/` (`HEAD` too), and `POST /-/reload`; 404 for any other path, 405 for any
/// other method. `/targets` and `/healthz` take `?cluster=NAME` (and `/targets` `?service=NAME`);
/// other query parameters are ignored. Owns no I/O, so every answer can be tested without a
/// socket.
[[nodiscard]] web_answer answer_request(std::string_view method, std::string_view target,
                                        const web_content& content);

}  // namespace swarmsd::web
