#include "swarm/web/routes.hpp"

#include <fmt/format.h>

#include <boost/url/parse.hpp>

namespace swarmsd::web {
namespace {

constexpr std::string_view text_type = "text/plain; charset=utf-8";
// The exposition format's own content type, which Prometheus negotiates for.
constexpr std::string_view metrics_type = "text/plain; version=0.0.4; charset=utf-8";

web_answer plain(unsigned status, std::string line) {
    return {status, std::string(text_type), std::move(line) + "\n"};
}

// Escapes `text` for HTML: a master URL is the operator's text, not ours.
std::string html_escaped(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

web_answer landing_page(const web_content& content) {
    auto master = content.current_master ? content.current_master() : std::string();
    return {200, "text/html; charset=utf-8",
            fmt::format("<!DOCTYPE html>\n<html><head><title>swarm-sd</title></head><body>\n"
                        "<h1>swarm-sd</h1>\n<p>Prometheus service discovery for Docker Swarm, "
                        "version {}.</p>\n<p>Current master: {}</p>\n<ul>\n"
                        "<li><a href=\"metrics\">/metrics</a>: its own metrics</li>\n"
                        "<li><a href=\"targets\">/targets</a>: the targets, for "
                        "http_sd_configs</li>\n<li><a href=\"healthz\">/healthz</a>: healthy or "
                        "stale, and why</li>\n</ul>\n</body></html>\n",
                        SWARMSD_VERSION, html_escaped(master))};
}

// The value of `service` in the query of `target`, if it has one.
std::optional<std::string> service_asked(std::string_view target) {
    auto url = boost::urls::parse_origin_form(target);
    if (!url) return std::nullopt;
    auto params = url->params();
    auto it = params.find("service");
    if (it == params.end()) return std::nullopt;
    return std::string((*it).value);
}

web_answer targets(std::string_view target, const web_content& content) {
    std::shared_ptr<const std::string> text;
    if (auto service = service_asked(target)) {
        auto found = content.service_targets ? content.service_targets(*service) : std::nullopt;
        if (!found) {
            return plain(404, fmt::format("no service {} is followed: give it with "
                                          "--tasks.service",
                                          *service));
        }
        text = std::move(*found);
    } else {
        text = content.targets();
    }
    // 503, not an empty list: Prometheus keeps its last targets while http_sd fails, so a restart
    // of swarm-sd does not drop every target for one refresh.
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
    bool known = path == "/" || path == "/metrics" || path == "/healthz" || path == "/targets";
    if (!known) {
        return plain(404,
                     fmt::format("not found: swarm-sd serves /, /metrics, /healthz and /targets"));
    }
    if (method != "GET" && method != "HEAD") {
        return plain(405, fmt::format("method {} not allowed: use GET", method));
    }
    if (path == "/") return landing_page(content);
    if (path == "/metrics") return {200, std::string(metrics_type), content.metrics()};
    if (path == "/healthz") {
        auto report = content.health();
        return plain(report.healthy ? 200 : 503, std::move(report.line));
    }
    return targets(target, content);
}

}  // namespace swarmsd::web
