#include "swarm/daemon.hpp"

#include <fmt/format.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <csignal>
#include <optional>

#include "output/publisher.hpp"
#include "output/targets_file.hpp"
#include "swarm/config/duration.hpp"
#include "swarm/group_options.hpp"
#include "swarm/master/cycle_reporter.hpp"
#include "swarm/master/discovery_loop.hpp"
#include "swarm/master/failure_reason.hpp"
#include "swarm/metrics_settings.hpp"
#include "swarm/task_targets.hpp"
#include "swarm/telemetry/discovery_metrics.hpp"
#include "swarm/telemetry/event_labels.hpp"
#include "swarm/web/web_server.hpp"
#include "text/address.hpp"

namespace swarmsd::swarm {
namespace net = boost::asio;
using clock = std::chrono::steady_clock;

namespace {

class daemon {
  public:
    daemon(const config::settings& settings, const master::fetch_options& fetch,
           web::web_security security, telemetry::logger& log)
        : settings_(settings),
          log_(log),
          groups_(group_options_for(settings)),
          loop_(io_.get_executor(), settings.masters, settings.mode, fetch,
                settings.refresh_interval, {.enabled = settings.events}, stream_events(),
                [this](std::size_t m, const parser::engine_event& e, std::string_view caused) {
                    on_event(m, e, caused);
                }),
          reporter_(settings.master_names(), log, master::cycle_reporter::style::changes),
          metrics_(metrics_settings(settings), clock::now()),
          web_(
              io_.get_executor(), settings.web,
              [content = web_content()](std::string_view method, std::string_view target) {
                  return web::answer_request(method, target, content);
              },
              log, std::move(security)) {}

    int run() {
        if (!settings_.output_file.empty()) add_file_sink();
        if (!settings_.tasks.services.empty())
            loop_.follow_tasks(settings_.tasks.services, settings_.tasks.refresh_interval);
        log_.info("starting",
                  {{"version", SWARMSD_VERSION},
                   {"events", settings_.events ? "true" : "false"},
                   {"masters", settings_.masters.size()},
                   {"file", file_text()},
                   {"refresh_interval", config::format_duration(settings_.refresh_interval)}});
        if (settings_.web.listen && !start_web_server(*settings_.web.listen)) return 1;
        net::co_spawn(io_, loop_.run([this](const auto& cycle, auto took, const auto& why) {
            on_cycle(cycle, took, why);
        }),
                      net::detached);
        net::co_spawn(io_, signal_loop(), net::detached);
        io_.run();
        return 0;
    }

  private:
    web::web_content web_content() {
        return {[this] {
                    record_bytes_received();
                    return metrics_.metrics_text();
                },
                [this] {
                    auto report = metrics_.health(clock::now());
                    return web::health_answer{report.healthy, std::move(report.line)};
                },
                [this] { return publisher_.current(); },
                [this] { return settings_.masters[loop_.current()].text; },
                [this](std::string_view service) { return publisher_.section(service); }};
    }

    bool start_web_server(const config::listen_address& where) {
        auto endpoint = net::ip::tcp::endpoint(net::ip::make_address(where.ip), where.port);
        auto ec = web_.listen(endpoint);
        // `:PORT` on a host without IPv6: IPv4 alone.
        if (ec && where.ip == "::") {
            endpoint = net::ip::tcp::endpoint(net::ip::address_v4::any(), where.port);
            ec = web_.listen(endpoint);
        }
        if (ec) {
            log_.error("cannot listen for web clients",
                       {{"address", where.text}, {"err", ec.message()}});
            return false;
        }
        auto bound = web_.local_endpoint();
        log_.info("web server listening",
                  {{"address", text::join_host_port(bound.address().to_string(), bound.port())},
                   {"paths", "/ /metrics /healthz /targets"}});
        web_.start();
        return true;
    }

    void add_file_sink() {
        file_.emplace(settings_.output_file);
        file_->prepare();
        publisher_.add_sink(
            [this](const output::published_text& text) { return write_file(text); });
    }

    net::awaitable<void> signal_loop() {
        for (;;) {
            auto [ec, signal] = co_await signals_.async_wait(net::as_tuple(net::use_awaitable));
            if (ec) co_return;
            if (signal == SIGHUP) {
                log_.info("SIGHUP received, polling now");
                loop_.poll_now();
                continue;
            }
            log_.info("stopping", {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
            io_.stop();
            co_return;
        }
    }

    // What happens to the event streams goes to the log and the metrics.
    master::stream_events stream_events() {
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

    void on_event(std::size_t master, const parser::engine_event& e, std::string_view caused) {
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

    void record_bytes_received() {
        const auto& clients = loop_.clients();
        for (std::size_t m = 0; m < clients.size(); ++m) {
            for (auto kind : master::request_kinds) {
                metrics_.record_bytes_received(m, master::request_kind_name(kind),
                                               clients[m].bytes_received(kind));
            }
        }
    }

    void on_cycle(const master::cycle_result& cycle, clock::duration took,
                  const master::discovery_loop::cause& why) {
        if (cycle.round) return on_node_round(cycle, *cycle.round, took, why);
        metrics_.record_cycle(master::summarize(cycle), master::trigger_name(why.trigger),
                              loop_.current(), took, clock::now());
        reporter_.report(cycle, took);
        if (!cycle.answered_by) return;
        if (publish(cycle.found) && why.first_event)
            metrics_.record_event_delay(clock::now() - *why.first_event);
    }

    // Nodes fetched one by one after their events: the last listing as they left it.
    void on_node_round(const master::cycle_result& cycle, const master::node_round& round,
                       clock::duration took, const master::discovery_loop::cause& why) {
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

    // True when the targets changed. `replaced`: the only change since the last publishing is
    // that the nodes at these places were replaced (a round of fetches), so only their groups
    // need rendering.
    bool publish(const master::discovery& found,
                 const std::vector<std::size_t>* replaced = nullptr) {
        bool tasks = !settings_.tasks.services.empty();
        auto [targets, outcome] =
            tasks      ? publish_tasks(found)
            : replaced ? publisher_.publish_changed(found.nodes, found.mode, groups_, *replaced)
                       : publisher_.publish_groups(found.nodes, found.mode, groups_);
        metrics_.record_targets(targets, found.nodes, found.skipped_nodes, tasks);
        if (!outcome.changed && !outcome.delivered) return false;
        // While the file (the one sink) cannot be written, only /targets has the new targets.
        auto file = outcome.pending ? "(not written: " + settings_.output_file + ")" : file_text();
        log_.info("targets updated",
                  {{"nodes", found.nodes.size()}, {"targets", targets}, {"file", file}});
        return outcome.changed;
    }

    // `--tasks.service`: the services' task groups, each service's own text for
    // `/targets?service=`, and a warning for what changed in what was left out.
    output::publisher::published_groups publish_tasks(const master::discovery& found) {
        auto built = task_groups_of(found, groups_, settings_.tasks);
        auto warnings = task_warnings(found, built);
        if (warnings != task_warnings_) {
            for (const auto& line : warnings) log_.warn(line);
            task_warnings_ = std::move(warnings);
        }
        // Each service's text is cut from the whole one when it is asked for.
        return publisher_.publish_sections(built.groups, groups_by_service(found, built));
    }

    // The file sink: true when the file holds `text`.
    bool write_file(const output::published_text& text) {
        auto report = file_->write(text);
        using result = output::targets_file::report::result;
        if (report.what == result::unchanged) return true;
        metrics_.record_write(report.what == result::written);
        if (report.what == result::failed) {
            if (report.first_failure) {
                log_.error("cannot write the targets file; will retry every poll",
                           {{"file", settings_.output_file}, {"err", report.error.message()}});
            }
            return false;
        }
        if (report.recovered)
            log_.info("targets file writable again", {{"file", settings_.output_file}});
        if (report.first_in_place) {
            log_.warn(
                "cannot rename over the targets file (a single-file bind mount?); rewriting it in "
                "place, so readers may briefly see a partial file: mount its directory instead",
                {{"file", settings_.output_file}});
        }
        return true;
    }

    std::string file_text() const {
        return settings_.output_file.empty() ? "(none: /targets only)" : settings_.output_file;
    }

    const config::settings& settings_;
    telemetry::logger& log_;
    output::group_options groups_;
    net::io_context io_;
    net::signal_set signals_{io_, SIGTERM, SIGINT, SIGHUP};
    master::discovery_loop loop_;
    master::cycle_reporter reporter_;
    telemetry::discovery_metrics metrics_;
    output::publisher publisher_;
    std::vector<std::string> task_warnings_;
    std::optional<output::targets_file> file_;
    web::web_server web_;
};

}  // namespace

int run_daemon(const config::settings& settings, const master::fetch_options& fetch,
               web::web_security security, telemetry::logger& log) {
    return daemon(settings, fetch, std::move(security), log).run();
}

}  // namespace swarmsd::swarm
