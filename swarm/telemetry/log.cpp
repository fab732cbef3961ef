#include "swarm/telemetry/log.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <stdexcept>

#include "swarm/config/names.hpp"

namespace swarmsd::telemetry {
namespace {

bool needs_quotes(std::string_view value) {
    if (value.empty()) return true;
    for (unsigned char c : value) {
        if (c <= ' ' || c == '=' || c == '"' || c == '\\' || c == 0x7f) return true;
    }
    return false;
}

std::string timestamp() {
    auto now = std::chrono::system_clock::now();
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
    return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03d}Z",
                       fmt::gmtime(std::chrono::system_clock::to_time_t(now)), ms.count());
}

}  // namespace

std::string log_value::number_text(double value) {
    if (value == static_cast<double>(static_cast<long long>(value)))
        return std::to_string(static_cast<long long>(value));
    return fmt::format("{:.3f}", value);
}

std::string logfmt_value(std::string_view value) {
    if (!needs_quotes(value)) return std::string(value);
    std::string out = "\"";
    for (unsigned char c : value) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c < ' ' || c == 0x7f) {
            out += fmt::format("\\x{:02x}", c);
        } else {
            out += static_cast<char>(c);
        }
    }
    return out += '"';
}

void logger::log(log_level level, std::string_view msg,
                 std::initializer_list<log_field> fields) const {
    if (level < min_) return;
    auto line = format_ == log_format::json ? json_line(level, msg, fields)
                                            : logfmt_line(level, msg, fields);
    // One fwrite per line: lines from one process never interleave mid-line.
    std::fwrite(line.data(), 1, line.size(), out_);
    std::fflush(out_);
}

std::string logger::logfmt_line(log_level level, std::string_view msg,
                                std::initializer_list<log_field> fields) const {
    auto line = fmt::format("ts={} level={} msg={}", timestamp(), config::level_name(level),
                            logfmt_value(msg));
    if (!context_.first.empty())
        line += fmt::format(" {}={}", context_.first, logfmt_value(context_.second));
    for (const auto& [key, value] : fields)
        line += fmt::format(" {}={}", key, logfmt_value(value.text));
    return line += '\n';
}

std::string logger::json_line(log_level level, std::string_view msg,
                              std::initializer_list<log_field> fields) const {
    boost::json::object line;
    line["ts"] = timestamp();
    line["level"] = config::level_name(level);
    line["msg"] = msg;
    if (!context_.first.empty()) line[context_.first] = context_.second;
    for (const auto& [key, value] : fields) {
        if (value.number && value.text.find('.') == std::string::npos) {
            line[key] = std::stoll(value.text);
        } else if (value.number) {
            line[key] = std::stod(value.text);
        } else {
            line[key] = value.text;
        }
    }
    return boost::json::serialize(line) + '\n';
}

}  // namespace swarmsd::telemetry
