// What classic Swarm writes in its node table's sub-rows: labels, container counts, reservations.
#include <gtest/gtest.h>

#include "parser/labels.hpp"
#include "parser/sub_row_values.hpp"

namespace swarmsd::parser {
namespace {

TEST(SplitLabels, SplitsOnCommaSpaceAndKeepsEqualsInValues) {
    auto labels = split_labels("a=1, b=x=y, c=");
    EXPECT_EQ(labels, (label_map{{"a", "1"}, {"b", "x=y"}, {"c", ""}}));
}

TEST(SplitLabels, PieceWithoutEqualsBelongsToPreviousValue) {
    auto labels = split_labels("zone=eu, west, north, os=Ubuntu 14.04.3 LTS");
    EXPECT_EQ(labels, (label_map{{"zone", "eu, west, north"}, {"os", "Ubuntu 14.04.3 LTS"}}));
}

TEST(SplitLabels, DropsLeadingOrphanAndEmptyKeys) {
    auto labels = split_labels("orphan, =nokey, tail, k=v");
    EXPECT_EQ(labels, (label_map{{"k", "v"}}));
}

TEST(SplitLabels, TheLastOfARepeatedKeyWinsWithItsOwnContinuation) {
    auto labels = split_labels("z=1, a=2, z=3, more, a=4");
    EXPECT_EQ(labels, (label_map{{"a", "4"}, {"z", "3, more"}}));
}

TEST(LabelsFrom, AppliesAssignmentsInTurnWhateverTheirOrder) {
    // As a hostile master may send them: unsorted, repeated, removed by a null, added back.
    label_log log{{"z", "1"},          {"m", "2"},          {"a", "3"},
                  {"m", std::nullopt}, {"z", "4"},          {"q", std::nullopt},
                  {"b", "5"},          {"b", std::nullopt}, {"b", "6"}};
    EXPECT_EQ(labels_from(log), (label_map{{"a", "3"}, {"b", "6"}, {"z", "4"}}));
    EXPECT_TRUE(log.empty()) << "ready for the next node";
    label_log sorted{{"a", "1"}, {"b", "2"}};
    EXPECT_EQ(labels_from(sorted), (label_map{{"a", "1"}, {"b", "2"}}));
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
