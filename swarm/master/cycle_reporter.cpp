#include "swarm/master/cycle_reporter.hpp"

#include "swarm/master/failure_reason.hpp"

namespace swarmsd::master {

cycle_reporter::cycle_reporter(std::vector<std::string> masters, telemetry::logger& log, style how)
    : masters_(std::move(masters)),
      log_(log),
      style_(how),
      errors_(masters_.size()),
      streams_(masters_.size(), stream_state::none) {}

void cycle_reporter::report(const cycle_result& cycle, std::chrono::steady_clock::duration took) {
    if (cycle.answered_by) {
        log_.debug("polled", {{"master", masters_[*cycle.answered_by]},
                              {"seconds", std::chrono::duration<double>(took).count()},
                              {"bytes", cycle.bytes},
                              {"nodes", cycle.found.nodes.size()},
                              {"failed_before", cycle.failures.size()}});
    }
    report_failures(cycle);
    if (!cycle.answered_by) {
        if (style_ == style::changes && !outage_)
            log_.error("no master answered; keeping the last good targets");
        outage_ = true;
        return;
    }
    report_answer(*cycle.answered_by, cycle.found);
}

void cycle_reporter::report_failures(const cycle_result& cycle) {
    for (const auto& f : cycle.failures) {
        const auto& master = masters_[f.master];
        if (style_ == style::one_shot && !cycle.answered_by) {
            log_.error("master failed", {{"master", master}, {"err", f.message()}});
        } else if (style_ == style::one_shot) {
            log_.warn("master failed, rotated to the next",
                      {{"master", master}, {"err", f.message()}});
        } else if (errors_[f.master] != f.error) {
            log_.warn("master failed", {{"master", master}, {"err", f.message()}});
        }
        errors_[f.master] = f.error;
    }
}

void cycle_reporter::report_answer(std::size_t index, const discovery& found) {
    const auto& master = masters_[index];
    bool changes = style_ == style::changes;
    if (changes && errors_[index]) log_.info("master answering again", {{"master", master}});
    errors_[index].reset();
    if (changes && outage_) log_.info("discovery recovered", {{"master", master}});
    outage_ = false;
    auto mode = found.mode == parser::cluster_mode::swarm_mode ? "swarm" : "classic";
    if (changes && (current_ != index || mode_ != found.mode))
        log_.info("polling master", {{"master", master}, {"mode", mode}});
    current_ = index;
    mode_ = found.mode;
    if ((!changes || skipped_ != found.skipped_nodes) && found.skipped_nodes > 0) {
        log_.warn("left out malformed nodes",
                  {{"master", master}, {"skipped", found.skipped_nodes}});
    }
    skipped_ = found.skipped_nodes;
}

void cycle_reporter::stream_opened(std::size_t master) {
    if (streams_[master] != stream_state::open)
        log_.info("event stream open; following node changes", {{"master", masters_[master]}});
    streams_[master] = stream_state::open;
}

void cycle_reporter::stream_lost(std::size_t master, const boost::system::error_code& why) {
    if (streams_[master] == stream_state::open) {
        log_.warn("event stream lost; reconnecting, and polling meanwhile",
                  {{"master", masters_[master]}, {"err", why.message()}});
    }
    streams_[master] = stream_state::lost;
}

void cycle_reporter::stream_unavailable(std::size_t master, const boost::system::error_code& why) {
    if (streams_[master] == stream_state::none) {
        log_.info("no event stream from this master; polling only",
                  {{"master", masters_[master]}, {"err", why.message()}});
        streams_[master] = stream_state::unavailable;
    }
}

telemetry::cycle_summary summarize(const cycle_result& cycle) {
    telemetry::cycle_summary summary;
    summary.answered_by = cycle.answered_by;
    for (const auto& f : cycle.failures)
        summary.failures.push_back({f.master, failure_reason(f.error), f.message()});
    return summary;
}

}  // namespace swarmsd::master
