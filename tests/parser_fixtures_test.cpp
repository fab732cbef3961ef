// Every `tests/data/*.expected.json` of kind swarm-classic-info is checked against what the parser
// makes of its fixture, field by field. Dropping a new pair of files into tests/data adds a case.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "parser/parse_classic_info.hpp"
#include "tests/support/test_data.hpp"

namespace swarmsd::parser {
namespace {
namespace json = boost::json;

using testing::or_null;

// A whole number as an integer, so `2` from the parser equals `2` in the expectation.
json::value number(double d) {
    if (d == static_cast<double>(static_cast<long long>(d))) return static_cast<long long>(d);
    return d;
}

json::object node_as_expected(const node& n) {
    json::object o;
    o["name"] = n.name;
    o["addr"] = n.address;
    o["addr_host"] = n.endpoint.host;
    o["addr_port"] = or_null(n.endpoint.port);
    o["id"] = or_null(n.id);
    o["status"] = or_null(n.status);
    auto c = n.containers.value_or(container_counts{});
    o["containers"] = n.containers ? json::value(c.total) : json::value(nullptr);
    o["containers_running"] = or_null(c.running);
    o["containers_paused"] = or_null(c.paused);
    o["containers_stopped"] = or_null(c.stopped);
    o["reserved_cpus"] = n.reserved_cpus ? json::value(json::array{number(n.reserved_cpus->used),
                                                                   number(n.reserved_cpus->total)})
                                         : json::value(nullptr);
    o["reserved_memory"] = or_null(n.reserved_memory);
    o["labels"] = json::value_from(n.labels);
    o["error"] = or_null(n.error);
    o["updated_at"] = or_null(n.updated_at);
    o["server_version"] = or_null(n.server_version);
    return o;
}

json::object header_as_expected(const classic_header& h) {
    return {{"role", or_null(h.role)},
            {"primary", or_null(h.primary)},
            {"strategy", or_null(h.strategy)},
            {"filters", or_null(h.filters)},
            {"nodes_count", or_null(h.nodes_count)}};
}

// Numbers in the expectation written as 0.0 or 2.0 compare as integers too.
json::value normalized(json::value v) {
    if (v.is_double()) return number(v.as_double());
    if (auto* a = v.if_array())
        for (auto& e : *a) e = normalized(e);
    if (auto* o = v.if_object())
        for (auto& e : *o) e.value() = normalized(e.value());
    return v;
}

class ClassicFixture : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(ClassicFixture, ParsesToTheExpectedValues) {
    auto [expected, fixture, body] = testing::load_expectation(GetParam());
    auto parsed = parse_classic_info(body);
    ASSERT_TRUE(parsed.has_value()) << fixture << ": " << parsed.error().message();

    EXPECT_EQ(json::value(parsed->rows_field), expected.at("rows_field"));
    EXPECT_EQ(json::value(header_as_expected(parsed->header)), normalized(expected.at("header")));
    const auto& want = expected.at("nodes").as_array();
    ASSERT_EQ(parsed->nodes.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
        EXPECT_EQ(json::value(node_as_expected(parsed->nodes[i])), normalized(want[i]))
            << fixture << " node " << i
            << "\n got: " << json::serialize(node_as_expected(parsed->nodes[i]))
            << "\nwant: " << json::serialize(want[i]);
    }
}

INSTANTIATE_TEST_SUITE_P(TestData, ClassicFixture,
                         ::testing::ValuesIn(testing::expectations_of_kind("swarm-classic-info")),
                         [](const auto& test) { return testing::case_name(test.param); });

TEST(EngineFixtures, SwarmModeInfoIsNotAClassicNodeTable) {
    // A swarm-mode Engine's /info nests objects deeply and has no node table: a clean error.
    auto files = testing::expectations_of_kind("engine-info");
    ASSERT_FALSE(files.empty());
    for (const auto& f : files) {
        auto [expected, fixture, body] = testing::load_expectation(f);
        auto parsed = parse_classic_info(body);
        ASSERT_FALSE(parsed) << fixture;
        EXPECT_EQ(parsed.error(), errc::no_node_table) << fixture;
    }
}

TEST(ClassicFixtures, AtLeastTheSharedOnesArePresent) {
    // Guards against a data folder that silently lost its cases: the suite above would pass empty.
    EXPECT_GE(testing::expectations_of_kind("swarm-classic-info").size(), 5u);
}

}  // namespace
}  // namespace swarmsd::parser
