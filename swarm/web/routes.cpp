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

// `?cluster=` and `?service=` of `target`.
query query_of(std::string_view target) {
    query out;
    auto url = boost::urls::parse_origin_form(target);
    if (!url) return out;
    auto params = url->params();
    if (auto it = params.find("cluster"); it != params.end()) out.cluster = (*it).value;
    if (auto it = params.find("service"); it != params.end()) out.service = (*it).value;
    return out;
}

web_answer targets(const query& asked, const web_content& content) {
    auto found = content.targets(asked);
    if (auto* why = std::get_if<std::string>(&found)) return plain(404, std::move(*why));
    const auto& text = std::get<std::shared_ptr<const std::string>>(found);
    // 503, not an empty list: Prometheus keeps its last targets while http_sd fails, so a restart
    // of swarm-sd does not drop every target for one refresh.
    if (!text) {
        return plain(503,
                     "no good poll yet: no targets to serve (Prometheus keeps the ones it has)");
    }
    return {200, "application/json", *text};
}

web_answer health(const query& asked, const web_content& content) {
    auto found = content.health(asked);
    if (auto* why = std::get_if<std::string>(&found)) return plain(404, std::move(*why));
    auto& report = std::get<health_answer>(found);
    return plain(report.healthy ? 200 : 503, std::move(report.line));
}

web_answer reload(std::string_view method, const web_content& content) {
    if (method != "POST") return plain(405, fmt::format("method {} not allowed: use POST", method));
    if (!content.reload)
        return plain(400, "nothing to reload: swarm-sd runs without --config.file");
    auto done = content.reload();
    return plain(done.ok ? 200 : 400, std::move(done.line));
}

}  // namespace

web_answer answer_request(std::string_view method, std::string_view target,
                          const web_content& content) {
    auto path = target.substr(0, target.find('?'));
    bool known = path == "/" || path == "/metrics" || path == "/healthz" || path == "/targets" ||
                 path == "/-/reload";
    if (!known) {
        return plain(404,
                     "not found: swarm-sd serves /, /metrics, /healthz, /targets and "
                     "/-/reload");
    }
    if (path == "/-/reload") return reload(method, content);
    if (method != "GET" && method != "HEAD") {
        return plain(405, fmt::format("method {} not allowed: use GET", method));
    }
    if (path == "/") return {200, "text/html; charset=utf-8", status_page(content.status())};
    if (path == "/metrics") return {200, std::string(metrics_type), content.metrics()};
    if (path == "/healthz") return health(query_of(target), content);
    return targets(query_of(target), content);
}

}  // namespace swarmsd::web
