#pragma once

#include <cstdio>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace swarmsd::swarm {

/// How much to log.
enum class log_level { debug, info, warn, error };

/// Reads `debug|info|warn|error`; throws std::invalid_argument for anything else.
[[nodiscard]] log_level parse_log_level(std::string_view text);

/// How log lines are written: logfmt (`ts=… level=… msg=…`) or one JSON object per line.
enum class log_format { logfmt, json };

/// Reads `logfmt|json`; throws std::invalid_argument for anything else.
[[nodiscard]] log_format parse_log_format(std::string_view text);

/// One `key=value` pair of a log line.
using log_field = std::pair<std::string_view, std::string>;

/// Writes log lines (`ts=… level=… msg=… key=value`, or the same as a JSON object) to a stream,
/// one whole line per call.
class logger {
  public:
    /// Lines below `min` are dropped.
    explicit logger(log_level min, log_format format = log_format::logfmt, std::FILE* out = stderr)
        : min_(min), format_(format), out_(out) {}

    /// Logs `msg` with `fields` at `level`.
    void log(log_level level, std::string_view msg, std::initializer_list<log_field> fields = {});

    void debug(std::string_view msg, std::initializer_list<log_field> fields = {}) {
        log(log_level::debug, msg, fields);
    }
    void info(std::string_view msg, std::initializer_list<log_field> fields = {}) {
        log(log_level::info, msg, fields);
    }
    void warn(std::string_view msg, std::initializer_list<log_field> fields = {}) {
        log(log_level::warn, msg, fields);
    }
    void error(std::string_view msg, std::initializer_list<log_field> fields = {}) {
        log(log_level::error, msg, fields);
    }

  private:
    static std::string logfmt_line(log_level level, std::string_view msg,
                                   std::initializer_list<log_field> fields);
    static std::string json_line(log_level level, std::string_view msg,
                                 std::initializer_list<log_field> fields);

    log_level min_;
    log_format format_;
    std::FILE* out_;
};

/// `value` as a logfmt value: bare when it can be, else quoted with `"` `\` and controls escaped.
[[nodiscard]] std::string logfmt_value(std::string_view value);

}  // namespace swarmsd::swarm
