#include "swarm/web/status_page.hpp"

#include <fmt/format.h>

namespace swarmsd::web {
namespace {

constexpr std::string_view style = R"(
body { font-family: system-ui, sans-serif; margin: 1rem; color: #1d1d1f; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
p.meta { color: #555; margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid #ddd; }
th { background: #f3f3f3; }
td ul { margin: 0; padding-left: 1rem; }
.ok { color: #0a6b2d; font-weight: 600; }
.bad { color: #b00020; font-weight: 600; }
.why { color: #555; overflow-wrap: anywhere; }
@media (max-width: 700px) {
  thead { display: none; }
  tr, td { display: block; border: 0; padding: .2rem 0; }
  tr { border-bottom: 1px solid #ddd; padding: .5rem 0; }
  td::before { content: attr(data-label) ": "; font-weight: 600; }
}
)";

// The query of a cluster's own links: none for the one cluster of the flags.
std::string cluster_query(const cluster_view& c) {
    return c.name.empty() ? std::string() : "?cluster=" + html_escaped(c.name);
}

std::string masters_cell(const cluster_view& c) {
    std::string out = "<ul>";
    for (const auto& m : c.masters) {
        auto state_class = m.answered_last ? "ok" : m.failed ? "bad" : "why";
        out += fmt::format("<li>{} <span class=\"{}\">{}</span></li>", html_escaped(m.url),
                           state_class, html_escaped(m.state));
    }
    return out + "</ul>";
}

std::string cluster_row(const cluster_view& c) {
    auto query = cluster_query(c);
    return fmt::format(
        "<tr>\n<td data-label=\"cluster\">{}</td>\n<td data-label=\"health\"><span "
        "class=\"{}\">{}</span><div class=\"why\">{}</div></td>\n"
        "<td data-label=\"masters\">{}</td>\n<td data-label=\"last good listing\">{}</td>\n"
        "<td data-label=\"event stream\">{}</td>\n<td data-label=\"targets\">{}</td>\n"
        "<td data-label=\"links\"><a href=\"targets{}\">targets</a> · <a "
        "href=\"healthz{}\">healthz</a></td>\n</tr>\n",
        c.name.empty() ? "(flags)" : html_escaped(c.name), c.healthy ? "ok" : "bad",
        c.healthy ? "fresh" : "stale", html_escaped(c.health), masters_cell(c),
        html_escaped(c.last_success), html_escaped(c.stream), c.targets, query, query);
}

}  // namespace

std::string html_escaped(std::string_view text) {
    std::string out;
    out.reserve(text.size());
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
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string status_page(const status_view& view) {
    std::string rows;
    for (const auto& c : view.clusters) rows += cluster_row(c);
    auto config =
        view.config.empty() ? std::string() : " · configuration: " + html_escaped(view.config);
    return fmt::format(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>swarm-sd</title>\n<style>{}</style></head><body>\n<h1>swarm-sd</h1>\n"
        "<p class=\"meta\">Prometheus service discovery for Docker Swarm, version {}{} · <a "
        "href=\"metrics\">metrics</a> · <a href=\"targets\">all targets</a> · <a "
        "href=\"healthz\">healthz</a></p>\n<table>\n<thead><tr><th>cluster</th><th>health</th>"
        "<th>masters</th><th>last good listing</th><th>event stream</th><th>targets</th>"
        "<th>links</th></tr></thead>\n<tbody>\n{}</tbody>\n</table>\n</body></html>\n",
        style, html_escaped(view.version), config, rows);
}

}  // namespace swarmsd::web
