#pragma once

#include <cstdio>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "swarm/config/settings.hpp"

namespace swarmsd::telemetry {

using config::log_format;
using config::log_level;

/// A log field's value: text, or a number, which a JSON line writes as a JSON number.
struct log_value {
    log_value(std::string value) : text(std::move(value)) {}
    log_value(const char* value) : text(value) {}
    log_value(std::string_view value) : text(value) {}
    template <typename Number>
    requires(std::is_arithmetic_v<Number> && !std::is_same_v<Number, bool>) log_value(Number value)
        : text(number_text(static_cast<double>(value))), number(true) {}

    std::string text;
    bool number = false;

  private:
    static std::string number_text(double value);
};

/// One `key=value` pair of a log line.
using log_field = std::pair<std::string_view, log_value>;

/// Writes log lines (`ts=… level=… msg=… key=value`, or the same as a JSON object) to a stream,
/// one whole line per call.
class logger {
  public:
    /// Lines below `min` are dropped.
    explicit logger(log_level min, log_format format = log_format::logfmt, std::FILE* out = stderr)
        : context_(), min_(min), format_(format), out_(out) {}

    /// The same logger, each line of which also says `key=value` first (`cluster=prod-eu`).
    [[nodiscard]] logger with(std::string key, std::string value) const {
        logger out = *this;
        out.context_ = {std::move(key), std::move(value)};
        return out;
    }

    /// Whether lines at `level` are written (to skip building fields that would be dropped).
    [[nodiscard]] bool enabled(log_level level) const noexcept { return level >= min_; }

    /// Logs `msg` with `fields` at `level`.
    void log(log_level level, std::string_view msg,
             std::initializer_list<log_field> fields = {}) const;

    void debug(std::string_view msg, std::initializer_list<log_field> fields = {}) const {
        log(log_level::debug, msg, fields);
    }
    void info(std::string_view msg, std::initializer_list<log_field> fields = {}) const {
        log(log_level::info, msg, fields);
    }
    void warn(std::string_view msg, std::initializer_list<log_field> fields = {}) const {
        log(log_level::warn, msg, fields);
    }
    void error(std::string_view msg, std::initializer_list<log_field> fields = {}) const {
        log(log_level::error, msg, fields);
    }

  private:
    std::string logfmt_line(log_level level, std::string_view msg,
                            std::initializer_list<log_field> fields) const;
    std::string json_line(log_level level, std::string_view msg,
                          std::initializer_list<log_field> fields) const;

    std::pair<std::string, std::string> context_;  ///< key empty: none
    log_level min_;
    log_format format_;
    std::FILE* out_;
};

/// `value` as a logfmt value: bare when it can be, else quoted with `"` `\` and controls escaped.
[[nodiscard]] std::string logfmt_value(std::string_view value);

}  // namespace swarmsd::telemetry
