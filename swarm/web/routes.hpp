#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace swarmsd::web {

/// One HTTP answer, before it goes on the wire.
struct web_answer {
    unsigned status = 200;
    std::string content_type;
    std::string body;
    bool operator==(const web_answer&) const = default;
};

/// What `/healthz` says: 200 or 503, and one line saying why.
struct health_answer {
    bool healthy = false;
    std::string line;
};

/// What the server serves, handed to it by whoever knows: the server itself knows nothing of
/// masters, parsing or polling.
struct web_content {
    std::function<std::string()> metrics;  ///< the Prometheus text exposition
    std::function<health_answer()> health;
    /// The file_sd text; null before the first good poll.
    std::function<std::shared_ptr<const std::string>()> targets;
    /// The master asked first now, for the landing page.
    std::function<std::string()> current_master;
    /// One service's file_sd text (`/targets?service=NAME`, with `--tasks.service`): none when
    /// no such service is followed; null before the first good poll.
    std::function<std::optional<std::shared_ptr<const std::string>>(std::string_view service)>
        service_targets{};
};

/// Answers a request to the built-in web server: `GET /metrics`, `/healthz` and `/targets`, and
/// a landing page at `/` (`HEAD` too); 404 for any other path, 405 for any other method.
/// `/targets?service=NAME` serves one service's groups (404 for a service not followed); any
/// other query is ignored. Owns no I/O, so every answer can be tested without a socket.
[[nodiscard]] web_answer answer_request(std::string_view method, std::string_view target,
                                        const web_content& content);

}  // namespace swarmsd::web
