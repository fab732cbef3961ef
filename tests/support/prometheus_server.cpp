#include "tests/support/prometheus_server.hpp"

#include <boost/json.hpp>
#include <cstdlib>
#include <fstream>

#include "swarm/master/engine_client.hpp"
#include "tests/support/run_awaitable.hpp"

namespace swarmsd::testing {

std::optional<std::filesystem::path> find_prometheus() {
    if (const char* named = std::getenv("SWARMSD_PROMETHEUS")) return std::filesystem::path(named);
    for (const char* dir : {"/usr/bin", "/usr/local/bin", "/bin"}) {
        auto candidate = std::filesystem::path(dir) / "prometheus";
        if (std::filesystem::exists(candidate)) return candidate;
    }
    return std::nullopt;
}

std::optional<std::filesystem::path> find_promtool() {
    if (const char* named = std::getenv("SWARMSD_PROMTOOL")) return std::filesystem::path(named);
    auto prometheus = find_prometheus();
    if (!prometheus) return std::nullopt;
    auto candidate = prometheus->parent_path() / "promtool";
    if (!std::filesystem::exists(candidate)) return std::nullopt;
    return candidate;
}

prometheus_server::prometheus_server(const std::filesystem::path& binary, const std::string& config)
    : port_(unused_port()) {
    auto config_file = dir_.path() / "prometheus.yml";
    std::ofstream(config_file) << config;
    process_ = std::make_unique<child_process>(
        child_process::tied_to_test, binary.string(),
        std::vector<std::string>{"--config.file=" + config_file.string(),
                                 "--storage.tsdb.path=" + (dir_.path() / "data").string(),
                                 "--web.listen-address=127.0.0.1:" + std::to_string(port_),
                                 "--log.level=info"});
}

bool prometheus_server::wait_ready(std::chrono::milliseconds limit) {
    return eventually([&] { return get("/-/ready").has_value(); }, limit);
}

std::optional<std::string> prometheus_server::get(const std::string& path) const {
    config::master_url api{"http://127.0.0.1:" + std::to_string(port_), "127.0.0.1", port_, "", ""};
    master::engine_client client(api, {.limits = {.timeout = std::chrono::seconds(5)}},
                                 /*api_version=*/"");
    auto answer = run_awaitable([&] { return client.get_answer(path); });
    if (!answer || answer->status < 200 || answer->status > 299) return std::nullopt;
    return std::move(answer->body);
}

std::map<std::string, active_target> prometheus_server::active_targets(
    const std::string& pool) const {
    std::map<std::string, active_target> out;
    auto answer = get("/api/v1/targets?state=active");
    if (!answer) return out;
    auto document = boost::json::parse(*answer);  // kept: the loop refers into it
    for (const auto& t : document.at("data").at("activeTargets").as_array()) {
        if (t.at("scrapePool").as_string() != pool) continue;
        active_target target{{}, std::string(t.at("health").as_string())};
        for (const auto& [k, v] : t.at("labels").as_object()) target.labels[k] = v.as_string();
        out[target.labels["instance"]] = std::move(target);
    }
    return out;
}

std::string prometheus_server::log() const { return process_->err(); }

}  // namespace swarmsd::testing
