#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "swarm/master/poll_cycle.hpp"
#include "swarm/telemetry/discovery_metrics.hpp"
#include "swarm/telemetry/log.hpp"

namespace swarmsd::master {

/// Turns poll cycles into log lines, naming the master and the reason once, where the cycle
/// happened: the poll loop logs, the code below it returns errors.
class cycle_reporter {
  public:
    enum class style {
        /// A long-running daemon: changes of state only (a master that stays down is logged
        /// once, and again when it answers).
        changes,
        /// One cycle (`--print`): every failure; errors when no master answered, else warnings.
        one_shot,
    };

    /// `masters` as configured, to name them.
    cycle_reporter(std::vector<std::string> masters, telemetry::logger& log, style how);

    /// Logs what `cycle` (which took `took`) says, as `style` wants it; at debug level, every
    /// cycle: the master, the time, the bytes and the nodes.
    void report(const cycle_result& cycle, std::chrono::steady_clock::duration took = {});

    /// Logs a master's event stream: a new stream, a lost one and a fallback to polling, each
    /// once (a stream that keeps failing to reopen is not logged again).
    void stream_opened(std::size_t master);
    void stream_lost(std::size_t master, const boost::system::error_code& why);
    void stream_unavailable(std::size_t master, const boost::system::error_code& why);

  private:
    void report_failures(const cycle_result& cycle);
    void report_answer(std::size_t index, const discovery& found);

    std::vector<std::string> masters_;
    telemetry::logger& log_;
    style style_;
    std::vector<std::optional<boost::system::error_code>> errors_;  ///< per master, last logged
    enum class stream_state { none, open, lost, unavailable };
    std::vector<stream_state> streams_;  ///< per master, as last logged
    std::optional<std::size_t> current_;
    std::optional<parser::cluster_mode> mode_;
    std::size_t skipped_ = 0;
    bool outage_ = false;
};

/// `cycle` as the metrics count it: each failure with its reason word.
[[nodiscard]] telemetry::cycle_summary summarize(const cycle_result& cycle);

}  // namespace swarmsd::master
