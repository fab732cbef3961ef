#include "swarm/daemon.hpp"

#include <fmt/format.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <csignal>

#include "swarm/clusters/cluster_set.hpp"
#include "swarm/config/duration.hpp"
#include "swarm/web/web_server.hpp"
#include "text/address.hpp"

namespace swarmsd::swarm {
namespace net = boost::asio;
using clock = std::chrono::steady_clock;

namespace {

class daemon {
  public:
    daemon(const config::settings& settings, std::vector<cluster_spec> clusters,
           web::web_security security, telemetry::logger& log)
        : settings_(settings),
          log_(log),
          first_(std::move(clusters)),
          clusters_(io_.get_executor(), settings, log),
          web_(
              io_.get_executor(), settings.web,
              [content = web_content()](std::string_view method, std::string_view target) {
                  return web::answer_request(method, target, content);
              },
              log, std::move(security)) {}

    int run() {
        log_start();
        if (settings_.web.listen && !start_web_server(*settings_.web.listen)) return 1;
        clusters_.apply(std::move(first_));
        if (several()) clusters_.record_reload(true);
        net::co_spawn(io_, signal_loop(), net::detached);
        io_.run();
        return 0;
    }

  private:
    [[nodiscard]] bool several() const { return !settings_.config_file.empty(); }

    void log_start() {
        auto file = settings_.output_file.empty() ? "(none: /targets only)" : settings_.output_file;
        if (!several()) {
            const auto& one = first_.front().config.discovery;
            log_.info("starting",
                      {{"version", SWARMSD_VERSION},
                       {"events", one.events ? "true" : "false"},
                       {"masters", one.masters.size()},
                       {"file", file},
                       {"refresh_interval", config::format_duration(one.refresh_interval)}});
            return;
        }
        std::string names;
        for (const auto& c : first_) names += (names.empty() ? "" : ",") + c.config.name;
        log_.info("starting",
                  {{"version", SWARMSD_VERSION},
                   {"config", settings_.config_file},
                   {"clusters", names},
                   {"file", file},
                   {"dir", settings_.output_dir.empty() ? "(none)" : settings_.output_dir}});
    }

    web::web_content web_content() {
        web::web_content content{
            [this] { return clusters_.metrics_text(); },
            [this](const web::query& asked) { return clusters_.health(asked, clock::now()); },
            [this](const web::query& asked) { return clusters_.targets(asked); },
            [this] { return clusters_.status(clock::now()); }};
        if (several()) content.reload = [this] { return reload(); };
        return content;
    }

    // Reads --config.file again; a bad one leaves the configuration in force as it was.
    web::reload_answer reload() {
        std::vector<cluster_spec> specs;
        try {
            specs = load_clusters(settings_);
        } catch (const configuration_error& e) {
            clusters_.record_reload(false);
            log_.error("cannot reload the configuration; the one before stays in force",
                       {{"err", e.what()}});
            return {false, e.what()};
        }
        auto count = clusters_.apply(std::move(specs));
        clusters_.record_reload(true);
        auto line = fmt::format(
            "configuration reloaded: {} clusters ({} added, {} changed, {} removed, {} unchanged)",
            clusters_.names().size(), count.added, count.changed, count.removed, count.unchanged);
        log_.info(line);
        return {true, line};
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
                   {"paths", several() ? "/ /metrics /healthz /targets /-/reload"
                                       : "/ /metrics /healthz /targets"}});
        web_.start();
        return true;
    }

    net::awaitable<void> signal_loop() {
        for (;;) {
            auto [ec, signal] = co_await signals_.async_wait(net::as_tuple(net::use_awaitable));
            if (ec) co_return;
            if (signal == SIGHUP) {
                if (several()) {
                    log_.info("SIGHUP received, reloading the configuration and polling now");
                    reload();
                } else {
                    log_.info("SIGHUP received, polling now");
                }
                clusters_.poll_all();
                continue;
            }
            log_.info("stopping", {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
            io_.stop();
            co_return;
        }
    }

    const config::settings& settings_;
    telemetry::logger& log_;
    std::vector<cluster_spec> first_;
    net::io_context io_;
    net::signal_set signals_{io_, SIGTERM, SIGINT, SIGHUP};
    cluster_set clusters_;
    web::web_server web_;
};

}  // namespace

int run_daemon(const config::settings& settings, std::vector<cluster_spec> clusters,
               web::web_security security, telemetry::logger& log) {
    return daemon(settings, std::move(clusters), std::move(security), log).run();
}

}  // namespace swarmsd::swarm
