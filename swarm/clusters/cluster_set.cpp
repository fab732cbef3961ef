#include "swarm/clusters/cluster_set.hpp"

#include <fmt/format.h>

#include <boost/asio/steady_timer.hpp>
#include <filesystem>

#include "output/render_file_sd.hpp"
#include "swarm/clusters/cluster_status.hpp"
#include "swarm/telemetry/discovery_metric_families.hpp"
#include "swarm/telemetry/process_metrics.hpp"

namespace swarmsd::swarm {
namespace net = boost::asio;
using namespace std::chrono_literals;

namespace {

web::health_answer health_of(const cluster_discovery& cluster,
                             std::chrono::steady_clock::time_point now) {
    auto report = cluster.health(now);
    return {report.healthy, std::move(report.line)};
}

}  // namespace

const output::published_text& cluster_set::entry::targets() const {
    if (!now->targets() && before) return before->targets();
    return now->targets();
}

cluster_set::cluster_set(net::any_io_executor executor, const config::settings& process,
                         const telemetry::logger& log)
    : executor_(std::move(executor)), process_(process), log_(log) {
    if (several() && !process_.output_file.empty()) {
        all_file_.emplace(process_.output_file, log_,
                          [this](bool ok) { ++(ok ? all_writes_ : all_write_errors_); });
        all_.add_sink(
            [this](const output::published_text& text) { return all_file_->write(text); });
    }
}

std::unique_ptr<cluster_discovery> cluster_set::start(const cluster_spec& spec) {
    const auto& name = spec.config.name;
    auto cluster =
        std::make_unique<cluster_discovery>(executor_, name, spec.config.discovery, spec.fetch,
                                            log_, [this, name] { on_changed(name); });
    if (!several() && !process_.output_file.empty()) cluster->keep_file(process_.output_file);
    if (several() && !process_.output_dir.empty()) cluster->keep_file(dir_file(name));
    cluster->start();
    return cluster;
}

cluster_set::changes cluster_set::apply(std::vector<cluster_spec> specs) {
    changes count;
    std::vector<entry> next;
    std::vector<bool> kept(clusters_.size(), false);
    for (auto& spec : specs) {
        auto old = std::find_if(clusters_.begin(), clusters_.end(), [&](const entry& e) {
            return e.spec.config.name == spec.config.name;
        });
        if (old == clusters_.end()) {
            ++count.added;
            next.push_back({start(spec), nullptr, std::move(spec)});
            continue;
        }
        kept[static_cast<std::size_t>(old - clusters_.begin())] = true;
        if (old->spec.same_as(spec)) {
            ++count.unchanged;
            next.push_back(std::move(*old));
            continue;
        }
        ++count.changed;
        // Its last good targets are served until the new settings list well.
        auto serving = std::move(old->now);
        if (!serving->targets() && old->before)
            std::swap(serving, old->before);  // the new settings had not listed yet either
        retire(std::move(old->before));
        serving->stop();
        next.push_back({start(spec), std::move(serving), std::move(spec)});
    }
    for (std::size_t i = 0; i < clusters_.size(); ++i) {
        if (kept[i]) continue;
        ++count.removed;
        forget_file(clusters_[i].spec.config.name);
        retire(std::move(clusters_[i].now));
        retire(std::move(clusters_[i].before));
    }
    clusters_ = std::move(next);
    join_all();
    return count;
}

void cluster_set::retire(std::unique_ptr<cluster_discovery> cluster) {
    if (!cluster) return;
    cluster->stop();
    retired_.push_back(std::move(cluster));
    sweep_retired();
}

// A stopped cluster is destroyed once its loop has returned and its event follower has had a
// request's deadline to leave: nothing of it runs any more.
void cluster_set::sweep_retired() {
    auto now = clock::now();
    std::erase_if(retired_, [&](const auto& c) {
        auto finished = c->finished();
        bool done = finished && now - *finished > c->settings().request.timeout + 1s;
        if (done) log_.debug("stopped cluster released", {{"cluster", c->name()}});
        return done;
    });
    if (retired_.empty() || sweeping_) return;
    sweeping_ = true;
    auto timer = std::make_shared<net::steady_timer>(executor_, std::chrono::seconds(1));
    timer->async_wait([this, timer](boost::system::error_code ec) {
        sweeping_ = false;
        if (!ec) sweep_retired();
    });
}

std::string cluster_set::dir_file(const std::string& name) const {
    return (std::filesystem::path(process_.output_dir) / (name + ".json")).string();
}

void cluster_set::forget_file(const std::string& name) {
    if (process_.output_dir.empty() || name.empty()) return;
    auto path = dir_file(name);
    std::error_code ec;
    if (std::filesystem::remove(path, ec)) {
        log_.info("removed the file of a cluster no longer configured",
                  {{"cluster", name}, {"file", path}});
    } else if (ec) {
        log_.error("cannot remove the file of a cluster no longer configured",
                   {{"cluster", name}, {"file", path}, {"err", ec.message()}});
    }
}

void cluster_set::on_changed(const std::string& name) {
    for (auto& e : clusters_) {
        if (e.spec.config.name != name) continue;
        // The new settings listed: the targets of the old ones go.
        if (e.before && e.now->targets()) retire(std::move(e.before));
    }
    if (!several()) return;
    all_stale_ = true;
    if (all_file_) join_all();
}

// Every cluster's groups in one text: published once some cluster has listed.
void cluster_set::join_all() {
    all_stale_ = false;
    if (!several()) return;
    std::vector<std::string_view> texts;
    for (const auto& e : clusters_) {
        if (const auto& text = e.targets()) texts.push_back(*text);
    }
    if (texts.empty() && !all_.current()) return;
    auto outcome = all_.publish(output::join_file_sd(texts));
    if (outcome.changed && all_file_ && !outcome.pending)
        log_.debug("every cluster's targets written", {{"file", all_file_->path()}});
}

void cluster_set::poll_all() {
    for (auto& e : clusters_) e.now->poll_now();
}

void cluster_set::record_reload(bool ok) {
    reload_ok_ = ok;
    if (ok) reload_success_ = std::chrono::system_clock::now();
}

std::vector<std::string> cluster_set::names() const {
    std::vector<std::string> out;
    for (const auto& e : clusters_) out.push_back(e.spec.config.name);
    return out;
}

// The cluster `?cluster=` names; the one cluster of the flags has no name to ask by.
const cluster_set::entry* cluster_set::find(const std::string& name) const {
    if (!several() && !name.empty()) return nullptr;
    for (const auto& e : clusters_) {
        if (e.spec.config.name == name) return &e;
    }
    return nullptr;
}

std::string cluster_set::unknown_cluster(const std::string& name) const {
    if (!several()) {
        return fmt::format("no cluster {}: swarm-sd runs one cluster (no --config.file)", name);
    }
    return fmt::format("no cluster {}: the clusters are {}", name, fmt::join(names(), ", "));
}

web::targets_answer cluster_set::targets(const web::query& asked) {
    if (asked.cluster) {
        const auto* e = find(*asked.cluster);
        if (!e) return unknown_cluster(*asked.cluster);
        if (!asked.service) return e->targets();
        auto text = e->now->service_targets(*asked.service);
        if (!text) {
            return fmt::format("cluster {} follows no service {}: give it in the cluster's tasks",
                               *asked.cluster, *asked.service);
        }
        return *text;
    }
    if (asked.service) return service_targets(*asked.service);
    if (!several()) return clusters_.front().targets();
    if (all_stale_) join_all();
    return all_.current();
}

// One service's groups in every cluster that follows it.
web::targets_answer cluster_set::service_targets(const std::string& service) const {
    std::vector<output::published_text> texts;
    bool followed = false;
    for (const auto& e : clusters_) {
        auto text = e.now->service_targets(service);
        if (!text) continue;
        followed = true;
        if (*text) texts.push_back(std::move(*text));
    }
    if (!followed) {
        return fmt::format("no service {} is followed: give it with --tasks.service{}", service,
                           several() ? " (or a cluster's tasks)" : "");
    }
    if (texts.empty()) return output::published_text();  // not listed yet
    if (texts.size() == 1) return texts.front();
    std::vector<std::string_view> views;
    for (const auto& t : texts) views.emplace_back(*t);
    return std::make_shared<const std::string>(output::join_file_sd(views));
}

web::health_lookup cluster_set::health(const web::query& asked, clock::time_point now) const {
    if (asked.cluster) {
        const auto* e = find(*asked.cluster);
        if (!e) return unknown_cluster(*asked.cluster);
        return health_of(*e->now, now);
    }
    if (!several()) return health_of(*clusters_.front().now, now);
    // Healthy while any cluster is: one remote swarm down must not get every cluster's state
    // thrown away by a restart.
    std::size_t fresh = 0;
    std::string lines;
    for (const auto& e : clusters_) {
        auto report = health_of(*e.now, now);
        fresh += report.healthy ? 1 : 0;
        lines += fmt::format("\n{}: {}", e.spec.config.name, report.line);
    }
    auto first = fmt::format("{}: {} of {} clusters fresh", fresh > 0 ? "ok" : "stale", fresh,
                             clusters_.size());
    return web::health_answer{fresh > 0, first + lines};
}

std::string cluster_set::metrics_text() {
    if (!several()) return clusters_.front().now->metrics().metrics_text();
    using namespace telemetry::discovery_metric_families;
    telemetry::exposition out;
    telemetry::write_build_info(out);
    write_one(out, config_last_reload_successful, reload_ok_.value_or(false) ? 1 : 0);
    write_one(out, config_last_reload_success_timestamp,
              std::chrono::duration<double>(reload_success_.time_since_epoch()).count());
    for (auto& e : clusters_) {
        out.set_constant_labels({{"cluster", e.spec.config.name}});
        e.now->metrics().write_cluster(out);
    }
    out.set_constant_labels({});
    if (all_file_) {
        // The file of every cluster: its own series, without a cluster label.
        file_writes_total.describe(out);
        file_writes_total.sample(out, {}, static_cast<double>(all_writes_));
        file_write_errors_total.describe(out);
        file_write_errors_total.sample(out, {}, static_cast<double>(all_write_errors_));
    }
    telemetry::write_process_metrics(out);
    return out.text();
}

web::status_view cluster_set::status(clock::time_point now) const {
    web::status_view view;
    view.version = SWARMSD_VERSION;
    for (const auto& e : clusters_) {
        auto row = cluster_row(*e.now, now);
        if (!e.now->targets() && e.before && e.before->targets())
            row.health += " (serving the targets of its settings before the reload)";
        view.clusters.push_back(std::move(row));
    }
    if (several()) {
        view.config = process_.config_file + (reload_ok_.value_or(true)
                                                  ? ""
                                                  : " (the last reload failed: the configuration "
                                                    "before it is in force)");
    }
    return view;
}

}  // namespace swarmsd::swarm
