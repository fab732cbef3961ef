#include "swarm/telemetry/exposition.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace swarmsd::telemetry {
namespace {

// HELP text escapes only `\` and newline; label values also escape `"`.
std::string escape(std::string_view text, bool quotes) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '"' && quotes) {
            out += "\\\"";
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace

histogram::histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(bounds_.size() + 1, 0) {}

void histogram::observe(double value) {
    auto bucket = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
    ++counts_[static_cast<std::size_t>(bucket)];
    sum_ += value;
    ++count_;
}

std::string format_metric_value(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    if (value == std::floor(value) && std::fabs(value) < 1e15) {
        return fmt::format("{}", static_cast<long long>(value));
    }
    return fmt::format("{}", value);
}

std::string escape_label_value(std::string_view value) { return escape(value, true); }

void exposition::family(std::string_view name, std::string_view type, std::string_view help) {
    for (current_ = 0; current_ < families_.size(); ++current_) {
        if (families_[current_].name == name) return;
    }
    families_.push_back({std::string(name), fmt::format("# HELP {} {}\n# TYPE {} {}\n", name,
                                                        escape(help, false), name, type)});
}

void exposition::sample(std::string_view name, std::span<const metric_label> labels, double value) {
    if (families_.empty()) families_.push_back({});  // samples of no family: kept as written
    auto& text = families_[current_].text;
    text += name;
    char separator = '{';
    auto add = [&](std::string_view key, std::string_view label_value) {
        text += fmt::format("{}{}=\"{}\"", separator, key, escape_label_value(label_value));
        separator = ',';
    };
    for (const auto& [key, label_value] : constant_) add(key, label_value);
    for (const auto& [key, label_value] : labels) add(key, label_value);
    if (separator == ',') text += '}';
    text += ' ';
    text += format_metric_value(value);
    text += '\n';
}

std::string exposition::text() const {
    std::string out;
    for (const auto& f : families_) out += f.text;
    return out;
}

void exposition::samples(std::string_view name, const histogram& h) {
    auto bucket = fmt::format("{}_bucket", name);
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < h.counts().size(); ++i) {
        cumulative += h.counts()[i];
        auto le = i < h.bounds().size() ? format_metric_value(h.bounds()[i]) : "+Inf";
        sample(bucket, {{"le", le}}, static_cast<double>(cumulative));
    }
    sample(fmt::format("{}_sum", name), {}, h.sum());
    sample(fmt::format("{}_count", name), {}, static_cast<double>(h.count()));
}

}  // namespace swarmsd::telemetry
