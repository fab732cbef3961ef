#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "swarm/telemetry/exposition.hpp"

namespace swarmsd::telemetry {

/// A metric family: name, type, help and label names written once, where it is declared. A
/// sample gives exactly one value per label name, or it does not compile; a misspelt family is
/// an unknown identifier, not a bad scrape.
template <std::size_t Labels>
struct metric_family {
    std::string_view name;
    std::string_view type;  ///< counter, gauge or histogram
    std::string_view help;
    std::array<std::string_view, Labels> label_names{};

    /// The `# HELP` and `# TYPE` lines.
    void describe(telemetry::exposition& out) const { out.family(name, type, help); }

    /// One sample with these label values, in the order of `label_names`.
    void sample(telemetry::exposition& out, const std::array<std::string_view, Labels>& values,
                double value) const {
        std::array<telemetry::metric_label, Labels> labels;
        for (std::size_t i = 0; i < Labels; ++i) labels[i] = {label_names[i], values[i]};
        out.sample(name, labels, value);
    }

    /// The `_bucket`, `_sum` and `_count` samples of a histogram family without labels.
    void samples(telemetry::exposition& out, const telemetry::histogram& h) const
        requires(Labels == 0) {
        out.samples(name, h);
    }
};

/// A family with one sample and no labels: its description and its value.
inline void write_one(telemetry::exposition& out, const metric_family<0>& family, double value) {
    family.describe(out);
    family.sample(out, {}, value);
}

/// A counter family with these label names.
template <typename... Names>
constexpr auto counter(std::string_view name, std::string_view help, Names... labels) {
    return metric_family<sizeof...(Names)>{name, "counter", help, {labels...}};
}

/// A gauge family with these label names.
template <typename... Names>
constexpr auto gauge(std::string_view name, std::string_view help, Names... labels) {
    return metric_family<sizeof...(Names)>{name, "gauge", help, {labels...}};
}

/// A histogram family (no labels besides `le`).
constexpr metric_family<0> histogram_family(std::string_view name, std::string_view help) {
    return {name, "histogram", help, {}};
}

}  // namespace swarmsd::telemetry
