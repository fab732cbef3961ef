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

/// One `key=value` pair of a log line.
using log_field = std::pair<std::string_view, std::string>;

/// Writes logfmt lines (`ts=… level=… msg=… key=value`) to a stream, one whole line per call.
class logger {
public:
    /// Lines below `min` are dropped.
    explicit logger(log_level min, std::FILE* out = stderr) : min_(min), out_(out) {}

    /// Logs `msg` with `fields` at `level`.
    void log(log_level level, std::string_view msg, std::initializer_list<log_field> fields = {});

    void debug(std::string_view msg, std::initializer_list<log_field> fields = {}) { log(log_level::debug, msg, fields); }
    void info(std::string_view msg, std::initializer_list<log_field> fields = {}) { log(log_level::info, msg, fields); }
    void warn(std::string_view msg, std::initializer_list<log_field> fields = {}) { log(log_level::warn, msg, fields); }
    void error(std::string_view msg, std::initializer_list<log_field> fields = {}) { log(log_level::error, msg, fields); }

private:
    log_level min_;
    std::FILE* out_;
};

/// `value` as a logfmt value: bare when it can be, else quoted with `"` `\` and controls escaped.
[[nodiscard]] std::string logfmt_value(std::string_view value);

}  // namespace swarmsd::swarm
