#include "swarm/clusters/cluster_discovery.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "swarm/clusters/group_options.hpp"
#include "swarm/clusters/metrics_settings.hpp"
#include "swarm/clusters/task_targets.hpp"
#include "swarm/master/failure_reason.hpp"
#include "swarm/telemetry/event_labels.hpp"

namespace swarmsd::swarm {
namespace net = boost::asio;

namespace {

// The logger of a cluster: its name on every line, when it has one.
telemetry::logger cluster_logger(const telemetry::logger& log, const std::string& name) {
    return name.empty() ? log : log.with("cluster", name);
}

}  // namespace

cluster_discovery::cluster_discovery(net::any_io_executor executor, std::string name,
                                     config::settings settings, const master::fetch_options& fetch,
                                     const telemetry::logger& log, changed_handler on_change)
    : name_(std::move(name)),
      settings_(std::move(settings)),
      log_(cluster_logger(log, name_)),
      groups_(group_options_for(settings_, name_)),
      executor_(executor),
      loop_(executor, settings_.masters, settings_.mode, fetch, settings_.refresh_interval,
            {.enabled = settings_.events}, stream_events(),
            [this](std::size_t m, const parser::engine_event& e, std::string_view caused) {
                on_event(m, e, caused);
            }),
      reporter_(settings_.master_names(), log_, master::cycle_reporter::style::changes),
      metrics_(metrics_settings(settings_), clock::now()),
      on_change_(std::move(on_change)) {
    if (!settings_.tasks.services.empty())
        loop_.follow_tasks(settings_.tasks.services, settings_.tasks.refresh_interval);
}

void cluster_discovery::keep_file(std::string path) {
    file_.emplace(std::move(path), log_, [this](bool ok) { metrics_.record_write(ok); });
    publisher_.add_sink([this](const output::published_text& text) { return file_->write(text); });
}

void cluster_discovery::start() {
    net::co_spawn(executor_, loop_.run([this](const auto& cycle, auto took, const auto& why) {
        on_cycle(cycle, took, why);
    }),
                  [this](const std::exception_ptr&) { finished_ = clock::now(); });
}

// What happens to the event streams goes to the log and the metrics.
master::stream_events cluster_discovery::stream_events() {
    return {[this](std::size_t m) {
                metrics_.record_stream(m, true);
                reporter_.stream_opened(m);
            },
            [this](std::size_t m, boost::system::error_code why) {
                metrics_.record_stream(m, false);
                reporter_.stream_lost(m, why);
            },
            [this](std::size_t m, boost::system::error_code why) {
                reporter_.stream_unavailable(m, why);
            },
            {}};
}

void cluster_discovery::on_event(std::size_t master, const parser::engine_event& e,
                                 std::string_view caused) {
    auto [type, action] = telemetry::event_labels(e);
    metrics_.record_event(type, action);
    if (log_.enabled(telemetry::log_level::debug)) {
        log_.debug("event", {{"master", settings_.masters[master].text},
                             {"type", e.type},
                             {"action", e.action},
                             {"node", e.actor_id},
                             {"caused", caused}});
    }
}

void cluster_discovery::record_bytes_received() {
    const auto& clients = loop_.clients();
    for (std::size_t m = 0; m < clients.size(); ++m) {
        for (auto kind : master::request_kinds) {
            metrics_.record_bytes_received(m, master::request_kind_name(kind),
                                           clients[m].bytes_received(kind));
        }
    }
}

void cluster_discovery::on_cycle(const master::cycle_result& cycle, clock::duration took,
                                 const master::discovery_loop::cause& why) {
    if (stopped_) return;  // the cycle that was under way when a reload stopped it
    if (cycle.round) return on_node_round(cycle, *cycle.round, took, why);
    metrics_.record_cycle(master::summarize(cycle), master::trigger_name(why.trigger),
                          loop_.current(), took, clock::now());
    reporter_.report(cycle, took);
    if (!cycle.answered_by) return;
    if (publish(cycle.found) && why.first_event)
        metrics_.record_event_delay(clock::now() - *why.first_event);
}

// Nodes fetched one by one after their events: the last listing as they left it.
void cluster_discovery::on_node_round(const master::cycle_result& cycle,
                                      const master::node_round& round, clock::duration took,
                                      const master::discovery_loop::cause& why) {
    auto master = *cycle.answered_by;
    metrics_.record_node_fetches(master, round.updated, round.gone, round.failure ? 1 : 0);
    log_.debug("fetched nodes", {{"master", settings_.masters[master].text},
                                 {"seconds", std::chrono::duration<double>(took).count()},
                                 {"bytes", cycle.bytes},
                                 {"updated", round.updated},
                                 {"gone", round.gone},
                                 {"removed", round.removed},
                                 {"nodes", cycle.found.nodes.size()}});
    if (round.updated + round.gone + round.removed == 0 && !round.tasks_listed) return;
    if (publish(cycle.found, round.only_replaced() ? &round.replaced_at : nullptr) &&
        why.first_event)
        metrics_.record_event_delay(clock::now() - *why.first_event);
}

// True when the targets changed. `replaced`: the only change since the last publishing is that
// the nodes at these places were replaced (a round of fetches), so only their groups need
// rendering.
bool cluster_discovery::publish(const master::discovery& found,
                                const std::vector<std::size_t>* replaced) {
    bool tasks = !settings_.tasks.services.empty();
    auto [targets, outcome] =
        tasks      ? publish_tasks(found)
        : replaced ? publisher_.publish_changed(found.nodes, found.mode, groups_, *replaced)
                   : publisher_.publish_groups(found.nodes, found.mode, groups_);
    metrics_.record_targets(targets, found.nodes, found.skipped_nodes, tasks);
    if (!outcome.changed && !outcome.delivered) return false;
    // While the file (the one sink) cannot be written, only /targets has the new targets.
    auto file = outcome.pending ? "(not written: " + file_text() + ")" : file_text();
    log_.info("targets updated",
              {{"nodes", found.nodes.size()}, {"targets", targets}, {"file", file}});
    if (outcome.changed && on_change_) on_change_();
    return outcome.changed;
}

// `--tasks.service`: the services' task groups, each service's own text for
// `/targets?service=`, and a warning for what changed in what was left out.
output::publisher::published_groups cluster_discovery::publish_tasks(
    const master::discovery& found) {
    auto built = task_groups_of(found, groups_, settings_.tasks);
    auto warnings = task_warnings(found, built);
    if (warnings != task_warnings_) {
        for (const auto& line : warnings) log_.warn(line);
        task_warnings_ = std::move(warnings);
    }
    return publisher_.publish_sections(built.groups, groups_by_service(found, built));
}

// The file the targets go to: the cluster's own, or the one of every cluster.
std::string cluster_discovery::file_text() const {
    if (file_) return file_->path();
    return settings_.output_file.empty() ? "(none: /targets only)" : settings_.output_file;
}

}  // namespace swarmsd::swarm
