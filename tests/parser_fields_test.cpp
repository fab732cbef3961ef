#include <gtest/gtest.h>

#include "parser/address.hpp"
#include "parser/fields.hpp"
#include "parser/labels.hpp"

namespace swarmsd::parser {
namespace {

TEST(SplitAddress, ReadsEveryShapeAMasterSends) {
    struct row {
        std::string address;
        host_port expected;
    };
    const row rows[] = {
        {"10.0.0.11:2375", {"10.0.0.11", 2375}},
        {"db-01.example.com:2376", {"db-01.example.com", 2376}},
        {"[fd00::21]:2375", {"fd00::21", 2375}},
        {"[::1]", {"::1", std::nullopt}},
        {"fd00::21", {"fd00::21", std::nullopt}},
        {"10.0.0.22", {"10.0.0.22", std::nullopt}},
        {"node-7", {"node-7", std::nullopt}},
        {" 10.0.0.11:2375 ", {"10.0.0.11", 2375}},
        {"host:notaport", {"host:notaport", std::nullopt}},
        {"host:70000", {"host:70000", std::nullopt}},
        {"host:0", {"host:0", std::nullopt}},
        {"[fd00::1]x", {"[fd00::1]x", std::nullopt}},
        {"", {"", std::nullopt}},
    };
    for (const auto& r : rows) EXPECT_EQ(split_address(r.address), r.expected) << r.address;
}

TEST(SplitLabels, SplitsOnCommaSpaceAndKeepsEqualsInValues) {
    auto labels = split_labels("a=1, b=x=y, c=");
    EXPECT_EQ(labels, (std::map<std::string, std::string>{{"a", "1"}, {"b", "x=y"}, {"c", ""}}));
}

TEST(SplitLabels, PieceWithoutEqualsBelongsToPreviousValue) {
    auto labels = split_labels("zone=eu, west, north, os=Ubuntu 14.04.3 LTS");
    EXPECT_EQ(labels, (std::map<std::string, std::string>{{"zone", "eu, west, north"},
                                                          {"os", "Ubuntu 14.04.3 LTS"}}));
}

TEST(SplitLabels, DropsLeadingOrphanAndEmptyKeys) {
    auto labels = split_labels("orphan, =nokey, tail, k=v");
    EXPECT_EQ(labels, (std::map<std::string, std::string>{{"k", "v"}}));
}

TEST(SplitLabels, EmptyTextHasNoLabels) { EXPECT_TRUE(split_labels("").empty()); }

TEST(ParseContainers, ReadsPlainAndBrokenDownCounts) {
    EXPECT_EQ(parse_containers("8"), (container_counts{8, {}, {}, {}}));
    EXPECT_EQ(parse_containers("8 (6 Running, 0 Paused, 2 Stopped)"),
              (container_counts{8, 6, 0, 2}));
    EXPECT_EQ(parse_containers(" 3 (3 running) "), (container_counts{3, 3, {}, {}}));
    EXPECT_EQ(parse_containers("many"), std::nullopt);
    EXPECT_EQ(parse_containers(""), std::nullopt);
}

TEST(ParseReserved, ReadsUsedAndTotal) {
    EXPECT_EQ(parse_reserved("2 / 4"), (reserved_amount{2, 4}));
    EXPECT_EQ(parse_reserved("0.5/4"), (reserved_amount{0.5, 4}));
    EXPECT_EQ(parse_reserved("2 GiB / 8 GiB"), std::nullopt);
    EXPECT_EQ(parse_reserved("2"), std::nullopt);
}

}  // namespace
}  // namespace swarmsd::parser
