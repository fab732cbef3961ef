// The Prometheus text format as swarm-sd writes it for /metrics.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "swarm/telemetry/exposition.hpp"

namespace swarmsd::telemetry {
namespace {

TEST(Exposition, ValuesAreWrittenAsPrometheusReadsThem) {
    EXPECT_EQ(format_metric_value(0), "0");
    EXPECT_EQ(format_metric_value(42), "42");
    EXPECT_EQ(format_metric_value(-3), "-3");
    EXPECT_EQ(format_metric_value(0.005), "0.005");
    EXPECT_EQ(format_metric_value(1795295116.877), "1795295116.877");
    EXPECT_EQ(format_metric_value(1e300), "1e+300");
    EXPECT_EQ(format_metric_value(std::numeric_limits<double>::infinity()), "+Inf");
    EXPECT_EQ(format_metric_value(-std::numeric_limits<double>::infinity()), "-Inf");
    EXPECT_EQ(format_metric_value(std::nan("")), "NaN");
}

TEST(Exposition, LabelValuesAndHelpAreEscaped) {
    EXPECT_EQ(escape_label_value(R"(a"b\c)"), R"(a\"b\\c)");
    EXPECT_EQ(escape_label_value("line\nbreak"), R"(line\nbreak)");
    exposition out;
    out.family("x_total", "counter", "Help with \\ and \"quotes\"\nand a newline.");
    out.sample("x_total", {{"master", "http://m\"1:4000"}, {"reason", "refused"}}, 3);
    EXPECT_EQ(out.text(),
              "# HELP x_total Help with \\\\ and \"quotes\"\\nand a newline.\n"
              "# TYPE x_total counter\n"
              "x_total{master=\"http://m\\\"1:4000\",reason=\"refused\"} 3\n");
}

TEST(Exposition, HistogramBucketsAreCumulativeWithInfLast) {
    histogram h({0.1, 1});
    for (double v : {0.05, 0.1, 0.5, 2.0}) h.observe(v);
    exposition out;
    out.family("d_seconds", "histogram", "Durations.");
    out.samples("d_seconds", h);
    EXPECT_EQ(out.text(),
              "# HELP d_seconds Durations.\n"
              "# TYPE d_seconds histogram\n"
              "d_seconds_bucket{le=\"0.1\"} 2\n"  // a value on a bound belongs to that bucket
              "d_seconds_bucket{le=\"1\"} 3\n"
              "d_seconds_bucket{le=\"+Inf\"} 4\n"
              "d_seconds_sum 2.65\n"
              "d_seconds_count 4\n");
}

TEST(Exposition, EachClustersSamplesJoinTheirFamilyDescribedOnce) {
    histogram h({1});
    h.observe(0.5);
    exposition out;
    for (std::string cluster : {"prod-eu", "staging"}) {
        out.set_constant_labels({{"cluster", cluster}});
        out.family("up", "gauge", "Up.");
        out.sample("up", {}, 1);
        out.family("polls_total", "counter", "Polls.");
        out.sample("polls_total", {{"master", "m1"}}, 2);
        out.family("d_seconds", "histogram", "Durations.");
        out.samples("d_seconds", h);
    }
    EXPECT_EQ(out.text(),
              "# HELP up Up.\n# TYPE up gauge\n"
              "up{cluster=\"prod-eu\"} 1\n"
              "up{cluster=\"staging\"} 1\n"
              "# HELP polls_total Polls.\n# TYPE polls_total counter\n"
              "polls_total{cluster=\"prod-eu\",master=\"m1\"} 2\n"
              "polls_total{cluster=\"staging\",master=\"m1\"} 2\n"
              "# HELP d_seconds Durations.\n# TYPE d_seconds histogram\n"
              "d_seconds_bucket{cluster=\"prod-eu\",le=\"1\"} 1\n"
              "d_seconds_bucket{cluster=\"prod-eu\",le=\"+Inf\"} 1\n"
              "d_seconds_sum{cluster=\"prod-eu\"} 0.5\n"
              "d_seconds_count{cluster=\"prod-eu\"} 1\n"
              "d_seconds_bucket{cluster=\"staging\",le=\"1\"} 1\n"
              "d_seconds_bucket{cluster=\"staging\",le=\"+Inf\"} 1\n"
              "d_seconds_sum{cluster=\"staging\"} 0.5\n"
              "d_seconds_count{cluster=\"staging\"} 1\n");
}

}  // namespace
}  // namespace swarmsd::telemetry
