// The reporter that turns poll cycles and event streams into log lines.
#include <gtest/gtest.h>

#include <boost/asio/error.hpp>
#include <cstdio>
#include <cstdlib>
#include <functional>

#include "parser/errc.hpp"
#include "swarm/master/cycle_reporter.hpp"
#include "swarm/master/errc.hpp"

namespace swarmsd::master {
namespace {

// What a reporter logs for a run of cycles.
std::vector<std::string> messages_for(const std::function<void(cycle_reporter&)>& act,
                                      cycle_reporter::style how) {
    char* buffer = nullptr;
    std::size_t size = 0;
    std::FILE* out = open_memstream(&buffer, &size);
    {
        telemetry::logger log(telemetry::log_level::info, telemetry::log_format::logfmt, out);
        cycle_reporter reporter({"http://m1:4000", "http://m2:4000"}, log, how);
        act(reporter);
    }
    std::fclose(out);
    std::string text(buffer, size);
    std::free(buffer);
    std::vector<std::string> lines;
    for (std::size_t start = 0, end; (end = text.find('\n', start)) != std::string::npos;
         start = end + 1) {
        auto line = text.substr(start, end - start);
        lines.push_back(line.substr(line.find(" level=") + 1));  // without the time
    }
    return lines;
}

std::vector<std::string> messages_for(const std::vector<cycle_result>& cycles,
                                      cycle_reporter::style how) {
    return messages_for(
        [&](cycle_reporter& r) {
            for (const auto& c : cycles) r.report(c);
        },
        how);
}

const cycle_result m1_answers{0, {}, {}};
const cycle_result m2_answers{1, {}, {{0, boost::asio::error::connection_refused}}};
const cycle_result none_answers{
    std::nullopt, {}, {{0, boost::asio::error::connection_refused}, {1, errc::timeout}}};

TEST(CycleReporter, ADaemonLogsChangesOfStateOnly) {
    struct row {
        const char* name;
        std::vector<cycle_result> cycles;
        std::vector<std::string> lines;
    };
    const row rows[] = {
        {"steady",
         {m1_answers, m1_answers, m1_answers},
         {"level=info msg=\"polling master\" master=http://m1:4000 mode=classic"}},
        {"failover once, then sticky",
         {m2_answers, m2_answers},
         {"level=warn msg=\"master failed\" master=http://m1:4000 err=\"Connection refused\"",
          "level=info msg=\"polling master\" master=http://m2:4000 mode=classic"}},
        {"outage and recovery",
         {m1_answers, none_answers, none_answers, m1_answers},
         {"level=info msg=\"polling master\" master=http://m1:4000 mode=classic",
          "level=warn msg=\"master failed\" master=http://m1:4000 err=\"Connection refused\"",
          "level=warn msg=\"master failed\" master=http://m2:4000 err=\"timed out\"",
          "level=error msg=\"no master answered; keeping the last good targets\"",
          "level=info msg=\"master answering again\" master=http://m1:4000",
          "level=info msg=\"discovery recovered\" master=http://m1:4000"}},
    };
    for (const auto& r : rows)
        EXPECT_EQ(messages_for(r.cycles, cycle_reporter::style::changes), r.lines) << r.name;
}

TEST(CycleReporter, OneShotSaysEveryFailureErrorsOnlyWhenNoneAnswered) {
    EXPECT_EQ(messages_for({m2_answers}, cycle_reporter::style::one_shot),
              (std::vector<std::string>{"level=warn msg=\"master failed, rotated to the next\" "
                                        "master=http://m1:4000 err=\"Connection refused\""}));
    EXPECT_EQ(
        messages_for({none_answers}, cycle_reporter::style::one_shot),
        (std::vector<std::string>{
            "level=error msg=\"master failed\" master=http://m1:4000 err=\"Connection refused\"",
            "level=error msg=\"master failed\" master=http://m2:4000 err=\"timed out\""}));
}

TEST(CycleReporter, AStreamIsLoggedWhenItOpensWhenItIsLostAndWhenThereIsNone) {
    auto refused = boost::system::error_code(boost::asio::error::connection_refused);
    auto lines = messages_for(
        [&](cycle_reporter& r) {
            r.stream_opened(0);
            r.stream_lost(0, parser::errc::not_json);
            r.stream_unavailable(0, refused);  // reconnecting fails: said already
            r.stream_unavailable(0, refused);
            r.stream_opened(0);
            r.stream_unavailable(1, boost::system::error_code(404, http_status_category()));
            r.stream_unavailable(1, boost::system::error_code(404, http_status_category()));
        },
        cycle_reporter::style::changes);
    EXPECT_EQ(lines,
              (std::vector<std::string>{
                  "level=info msg=\"event stream open; following node changes\" "
                  "master=http://m1:4000",
                  "level=warn msg=\"event stream lost; reconnecting, and polling meanwhile\" "
                  "master=http://m1:4000 err=\"answer is not JSON\"",
                  "level=info msg=\"event stream open; following node changes\" "
                  "master=http://m1:4000",
                  "level=info msg=\"no event stream from this master; polling only\" "
                  "master=http://m2:4000 err=\"HTTP 404 Not Found\""}));
}

}  // namespace
}  // namespace swarmsd::master
