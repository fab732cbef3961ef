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
    /// Starts a family; `type` is counter, gauge, histogram or untyped. A family started again
    /// (another cluster's samples) gets its samples added to it, described once.
    void family(std::string_view name, std::string_view type, std::string_view help);

    /// Labels every later sample starts with (`cluster="prod-eu"`); none by default.
    void set_constant_labels(std::vector<std::pair<std::string, std::string>> labels) {
        constant_ = std::move(labels);
    }

    /// One sample line of the current family.
    void sample(std::string_view name, std::span<const metric_label> labels, double value);
    void sample(std::string_view name, std::initializer_list<metric_label> labels, double value) {
        sample(name, std::span<const metric_label>(labels.begin(), labels.size()), value);
    }

    /// The `_bucket`, `_sum` and `_count` lines of a histogram family started with `family`.
    void samples(std::string_view name, const histogram& h);

    /// The text so far: each family with all its samples, in the order families were first
    /// started.
    [[nodiscard]] std::string text() const;

  private:
    struct family_text {
        std::string name;
        std::string text;  // description and samples
    };
    std::vector<family_text> families_;
    std::size_t current_ = 0;  // in `families_`
    std::vector<std::pair<std::string, std::string>> constant_;
};

/// `value` as the exposition format writes it: `+Inf`, `-Inf`, `NaN`, integers without exponent
/// or fraction, other numbers in the shortest form that reads back exactly.
[[nodiscard]] std::string format_metric_value(double value);

/// `value` escaped for a label value: `\` `"` and newline.
[[nodiscard]] std::string escape_label_value(std::string_view value);

}  // namespace swarmsd::telemetry
