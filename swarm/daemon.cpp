#include "swarm/daemon.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <csignal>
#include <fstream>
#include <optional>
#include <sstream>

#include "output/render_file_sd.hpp"
#include "output/write_atomically.hpp"
#include "swarm/duration.hpp"
#include "swarm/poll_cycle.hpp"
#include "swarm/telemetry.hpp"
#include "swarm/web_server.hpp"

namespace swarmsd::swarm {
namespace net = boost::asio;
using boost::system::error_code;

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

std::vector<std::string> master_names(const config& settings) {
    std::vector<std::string> names;
    for (const auto& m : settings.masters) names.push_back(m.text);
    return names;
}

std::size_t count_targets(const std::vector<output::target_group>& groups) {
    std::size_t n = 0;
    for (const auto& g : groups) n += g.targets.size();
    return n;
}

std::optional<std::string> read_existing(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

class daemon {
  public:
    daemon(const config& settings, logger& log)
        : settings_(settings),
          log_(log),
          groups_(group_options_for(settings)),
          ring_(settings.masters.size()),
          master_errors_(settings.masters.size()),
          telemetry_({master_names(settings), settings.refresh_interval, settings.stale_after},
                     telemetry::clock::now()),
          web_(
              io_.get_executor(), settings.web,
              [this](std::string_view method, std::string_view target) {
                  return answer_request(method, target, telemetry_, telemetry::clock::now());
              },
              log) {}

    int run() {
        if (!settings_.output_file.empty()) prepare_output();
        log_.info("starting", {{"version", SWARMSD_VERSION},
                               {"masters", std::to_string(settings_.masters.size())},
                               {"file", file_text()},
                               {"refresh_interval", format_duration(settings_.refresh_interval)}});
        if (settings_.listen && !start_web_server(*settings_.listen)) return 1;
        net::co_spawn(io_, poll_loop(), net::detached);
        net::co_spawn(io_, signal_loop(), net::detached);
        io_.run();
        return 0;
    }

  private:
    bool start_web_server(const listen_address& where) {
        auto endpoint = net::ip::tcp::endpoint(net::ip::make_address(where.ip), where.port);
        if (auto ec = web_.listen(endpoint)) {
            log_.error("cannot listen for web clients",
                       {{"address", where.text}, {"err", ec.message()}});
            return false;
        }
        auto bound = web_.local_endpoint();
        auto ip = bound.address().to_string();
        if (bound.address().is_v6()) ip = "[" + ip + "]";
        log_.info("web server listening", {{"address", fmt::format("{}:{}", ip, bound.port())},
                                           {"paths", "/metrics /healthz /targets"}});
        web_.start();
        return true;
    }

    void prepare_output() {
        // A temp file survives only a SIGKILL or a crash mid-write: ours, so ours to remove.
        ::unlink(output::temp_path_for(settings_.output_file).c_str());
        // Left alone until the first good poll; kept to avoid rewriting an identical file.
        last_text_ = read_existing(settings_.output_file);
    }

    net::awaitable<void> poll_loop() {
        for (;;) {
            auto began = telemetry::clock::now();
            auto cycle =
                co_await poll_cycle(settings_.masters, ring_, settings_.mode, settings_.fetch);
            auto ended = telemetry::clock::now();
            telemetry_.record_cycle(cycle, ring_.current(), ended - began, ended);
            report(cycle);
            if (cycle.answered_by) publish(cycle.found);
            if (!poll_now_) {
                wait_.expires_after(settings_.refresh_interval);
                co_await wait_.async_wait(use_tuple);
            }
            poll_now_ = false;
        }
    }

    net::awaitable<void> signal_loop() {
        for (;;) {
            auto [ec, signal] = co_await signals_.async_wait(use_tuple);
            if (ec) co_return;
            if (signal == SIGHUP) {
                log_.info("SIGHUP received, polling now");
                poll_now_ = true;
                wait_.cancel();
                continue;
            }
            log_.info("stopping", {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
            io_.stop();
            co_return;
        }
    }

    // Logs changes of state only: a master that stays down is logged once, not every poll.
    void report(const cycle_result& cycle) {
        for (const auto& f : cycle.failures) {
            auto& known = master_errors_[f.master];
            if (known != f.error) {
                log_.warn("master failed", {{"master", settings_.masters[f.master].text},
                                            {"err", f.error.message()}});
            }
            known = f.error;
        }
        if (!cycle.answered_by) {
            if (!outage_) log_.error("no master answered; keeping the last good targets");
            outage_ = true;
            return;
        }
        auto index = *cycle.answered_by;
        const auto& master = settings_.masters[index].text;
        if (master_errors_[index]) log_.info("master answering again", {{"master", master}});
        master_errors_[index].reset();
        if (outage_) log_.info("discovery recovered", {{"master", master}});
        outage_ = false;
        auto mode = cycle.found.mode == parser::cluster_mode::swarm ? "swarm" : "classic";
        if (current_ != index || mode_ != cycle.found.mode) {
            log_.info("polling master", {{"master", master}, {"mode", mode}});
        }
        current_ = index;
        mode_ = cycle.found.mode;
        if (skipped_ != cycle.found.skipped_nodes && cycle.found.skipped_nodes > 0) {
            log_.warn("left out malformed nodes",
                      {{"master", master}, {"skipped", std::to_string(cycle.found.skipped_nodes)}});
        }
        skipped_ = cycle.found.skipped_nodes;
    }

    void publish(const discovery& found) {
        auto groups = output::make_target_groups(found.nodes, found.mode, groups_);
        auto text = output::render_file_sd(groups);
        bool changed = telemetry_.record_targets(groups, found.nodes, found.skipped_nodes, text);
        auto outcome = settings_.output_file.empty() ? file_outcome::unchanged : write_file(text);
        if (!changed && outcome != file_outcome::written) return;
        // While the file cannot be written, only /targets has the new targets: say so.
        auto file = outcome == file_outcome::failed ? "(not written: " + settings_.output_file + ")"
                                                    : file_text();
        log_.info("targets updated", {{"nodes", std::to_string(found.nodes.size())},
                                      {"targets", std::to_string(count_targets(groups))},
                                      {"file", file}});
    }

    std::string file_text() const {
        return settings_.output_file.empty() ? "(none: /targets only)" : settings_.output_file;
    }

    enum class file_outcome { unchanged, written, failed };

    // Writes `text` unless the file already holds it.
    file_outcome write_file(std::string& text) {
        if (text == last_text_) return file_outcome::unchanged;
        auto written = output::write_atomically(settings_.output_file, text);
        telemetry_.record_write(written.has_value());
        if (!written) {
            if (write_error_ != written.error()) {
                log_.error("cannot write the targets file; will retry every poll",
                           {{"file", settings_.output_file}, {"err", written.error().message()}});
            }
            write_error_ = written.error();
            return file_outcome::failed;
        }
        if (write_error_)
            log_.info("targets file writable again", {{"file", settings_.output_file}});
        write_error_.reset();
        if (*written == output::write_method::in_place && !warned_in_place_) {
            log_.warn(
                "cannot rename over the targets file (a single-file bind mount?); rewriting it in "
                "place, so readers may briefly see a partial file: mount its directory instead",
                {{"file", settings_.output_file}});
            warned_in_place_ = true;
        }
        last_text_ = std::move(text);
        return file_outcome::written;
    }

    const config& settings_;
    logger& log_;
    output::group_options groups_;
    net::io_context io_;
    net::signal_set signals_{io_, SIGTERM, SIGINT, SIGHUP};
    net::steady_timer wait_{io_};
    rotation::master_ring ring_;
    std::vector<std::optional<error_code>> master_errors_;
    std::optional<std::size_t> current_;
    std::optional<parser::cluster_mode> mode_;
    std::size_t skipped_ = 0;
    std::optional<std::string> last_text_;
    std::optional<error_code> write_error_;
    bool poll_now_ = false;
    bool outage_ = false;
    bool warned_in_place_ = false;
    telemetry telemetry_;
    web_server web_;
};

}  // namespace

int run_daemon(const config& settings, logger& log) { return daemon(settings, log).run(); }

}  // namespace swarmsd::swarm
