#include "swarm/web/routes.hpp"

#include <fmt/format.h>

namespace swarmsd::web {
namespace {

constexpr std::string_view text_type = "text/plain; charset=utf-8";
// The exposition format's own content type, which Prometheus negotiates for.
constexpr std::string_view metrics_type = "text/plain; version=0.0.4; charset=utf-8";

web_answer plain(unsigned status, std::string line) {
    return {status, std::string(text_type), std::move(line) + "\n"};
}

web_answer targets(const web_content& content) {
    // 503, not an empty list: Prometheus keeps its last targets while http_sd fails, so a restart
    // of swarm-sd does not drop every target for one refresh.
    auto text = content.targets();
    if (!text) {
        return plain(503,
                     "no good poll yet: no targets to serve (Prometheus keeps the ones it has)");
    }
    return {200, "application/json", *text};
}

}  // namespace

web_answer answer_request(std::string_view method, std::string_view target,
                          const web_content& content) {
    auto path = target.substr(0, target.find('?'));
    bool known = path == "/metrics" || path == "/healthz" || path == "/targets";
    if (!known) {
        return plain(404,
                     fmt::format("not found: swarm-sd serves /metrics, /healthz and /targets"));
    }
    if (method != "GET" && method != "HEAD") {
        return plain(405, fmt::format("method {} not allowed: use GET", method));
    }
    if (path == "/metrics") return {200, std::string(metrics_type), content.metrics()};
    if (path == "/healthz") {
        auto report = content.health();
        return plain(report.healthy ? 200 : 503, std::move(report.line));
    }
    return targets(content);
}

}  // namespace swarmsd::web
