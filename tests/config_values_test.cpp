#include <gtest/gtest.h>

#include "swarm/config/byte_size.hpp"
#include "swarm/config/duration.hpp"
#include "swarm/config/master_url.hpp"

namespace swarmsd::config {
namespace {

using namespace std::chrono_literals;

TEST(ParseDuration, ReadsPrometheusStyleDurations) {
    EXPECT_EQ(parse_duration("15s"), 15s);
    EXPECT_EQ(parse_duration("1m"), 1min);
    EXPECT_EQ(parse_duration("1m30s"), 90s);
    EXPECT_EQ(parse_duration("500ms"), 500ms);
    EXPECT_EQ(parse_duration("2h"), 2h);
    EXPECT_EQ(parse_duration("1d"), 24h);
    for (auto bad : {"", "15", "s", "1.5s", "-1s", "15 s", "1y", "0s", "10000d"}) {
        EXPECT_THROW((void)parse_duration(bad), std::invalid_argument) << bad;
    }
}

TEST(FormatDuration, SpellsShortest) {
    EXPECT_EQ(format_duration(15s), "15s");
    EXPECT_EQ(format_duration(90s), "1m30s");
    EXPECT_EQ(format_duration(250ms), "250ms");
    EXPECT_EQ(format_duration(0ms), "0s");
}

TEST(ParseByteSize, ReadsBytesAndBinaryAndDecimalUnits) {
    EXPECT_EQ(parse_byte_size("1048576"), 1048576u);
    EXPECT_EQ(parse_byte_size("512KiB"), 512u * 1024);
    EXPECT_EQ(parse_byte_size("16MiB"), 16u * 1024 * 1024);
    EXPECT_EQ(parse_byte_size("1GiB"), 1024u * 1024 * 1024);
    EXPECT_EQ(parse_byte_size("20MB"), 20'000'000u);
    EXPECT_EQ(parse_byte_size("100B"), 100u);
    for (auto bad : {"", "0", "0MiB", "MiB", "16 MiB", "16mib", "-1", "1.5MiB", "16TiB",
                     "99999999999999999999", "18446744073709551615GiB"}) {
        EXPECT_THROW((void)parse_byte_size(bad), std::invalid_argument) << bad;
    }
}

TEST(ParseMasterUrl, ReadsEverySpelling) {
    struct row {
        std::string text;
        master_url expected;
    };
    const row rows[] = {
        {"http://10.0.0.1:4000", {"http://10.0.0.1:4000", "10.0.0.1", 4000, "", ""}},
        {"tcp://m1:2375", {"tcp://m1:2375", "m1", 2375, "", ""}},
        {"m1:3376", {"m1:3376", "m1", 3376, "", ""}},
        {"http://m1", {"http://m1", "m1", 80, "", ""}},
        {"http://[fd00::1]:4000", {"http://[fd00::1]:4000", "fd00::1", 4000, "", ""}},
        {"[::1]:4000", {"[::1]:4000", "::1", 4000, "", ""}},
        {"http://proxy:8080/swarm/", {"http://proxy:8080/swarm/", "proxy", 8080, "/swarm", ""}},
        {"unix:///var/run/docker.sock",
         {"unix:///var/run/docker.sock", "", 0, "", "/var/run/docker.sock"}},
    };
    for (const auto& r : rows) EXPECT_EQ(parse_master_url(r.text), r.expected) << r.text;
}

}  // namespace
}  // namespace swarmsd::config
