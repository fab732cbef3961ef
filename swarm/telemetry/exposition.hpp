#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace swarmsd::telemetry {

/// One `name="value"` pair of a sample.
using metric_label = std::pair<std::string_view, std::string_view>;

/// Cumulative buckets of observations, as a Prometheus histogram exposes them.
class histogram {
  public:
    /// Buckets with these upper bounds (ascending); `+Inf` is implied.
    explicit histogram(std::vector<double> bounds);

    /// Counts one observation.
    void observe(double value);

    [[nodiscard]] const std::vector<double>& bounds() const noexcept { return bounds_; }
    /// Observations per bucket, not cumulative; one more than `bounds()` (the `+Inf` bucket).
    [[nodiscard]] const std::vector<std::uint64_t>& counts() const noexcept { return counts_; }
    [[nodiscard]] double sum() const noexcept { return sum_; }
    [[nodiscard]] std::uint64_t count() const noexcept { return count_; }

  private:
    std::vector<double> bounds_;
    std::vector<std::uint64_t> counts_;
    double sum_ = 0;
    std::uint64_t count_ = 0;
};

/// Writes the Prometheus text exposition format (version 0.0.4): families with `# HELP` and
/// `# TYPE`, then their samples, label values and help text escaped.
class exposition {
  public:
    /// Starts a family; `type` is counter, gauge, histogram or untyped.
    void family(std::string_view name, std::string_view type, std::string_view help);

    /// One sample line of the current family.
    void sample(std::string_view name, std::span<const metric_label> labels, double value);
    void sample(std::string_view name, std::initializer_list<metric_label> labels, double value) {
        sample(name, std::span<const metric_label>(labels.begin(), labels.size()), value);
    }

    /// The `_bucket`, `_sum` and `_count` lines of a histogram family started with `family`.
    void samples(std::string_view name, const histogram& h);

    /// The text so far.
    [[nodiscard]] const std::string& text() const noexcept { return text_; }

  private:
    std::string text_;
};

/// `value` as the exposition format writes it: `+Inf`, `-Inf`, `NaN`, integers without exponent
/// or fraction, other numbers in the shortest form that reads back exactly.
[[nodiscard]] std::string format_metric_value(double value);

/// `value` escaped for a label value: `\` `"` and newline.
[[nodiscard]] std::string escape_label_value(std::string_view value);

}  // namespace swarmsd::telemetry
