// Swarm mode: a Docker Engine's /info (is this a manager?) and a manager's /nodes. Every
// `tests/data/*.expected.json` of kind engine-info or engine-nodes is checked field by field.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "parser/engine_info.hpp"
#include "parser/parse_nodes.hpp"
#include "tests/support/test_data.hpp"

namespace swarmsd::parser {
namespace {
namespace json = boost::json;

using testing::or_null;

// A node as the expectation files spell it. The shared fixtures lack the last five keys; ours have
// them.
json::object node_as_expected(const node& n, const json::object& want) {
    const auto& d = n.swarm_mode.value();
    json::object o{{"id", or_null(n.id)},
                   {"hostname", d.hostname},
                   {"role", d.role},
                   {"availability", d.availability},
                   {"state", or_null(n.status)},
                   {"message", or_null(n.error)},
                   {"addr", d.status_addr},
                   {"leader", or_null(d.manager_leader)},
                   {"reachability", or_null(d.manager_reachability)},
                   {"manager_addr", or_null(d.manager_address)},
                   {"spec_labels", json::value_from(n.labels)},
                   {"engine_labels", json::value_from(d.engine_labels)},
                   {"nano_cpus", or_null(d.nano_cpus)},
                   {"memory_bytes", or_null(d.memory_bytes)}};
    if (want.contains("address")) o["address"] = n.address;
    if (want.contains("engine_version")) o["engine_version"] = or_null(n.server_version);
    if (want.contains("platform_os")) o["platform_os"] = or_null(d.platform_os);
    if (want.contains("platform_architecture"))
        o["platform_architecture"] = or_null(d.platform_architecture);
    return o;
}

class NodesFixture : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(NodesFixture, ParsesToTheExpectedValues) {
    auto [expected, fixture, body] = testing::load_expectation(GetParam());
    auto parsed = parse_nodes(body);
    ASSERT_TRUE(parsed.has_value()) << fixture << ": " << parsed.error().message();

    const auto* skipped = expected.if_contains("skipped");
    EXPECT_EQ(parsed->skipped, skipped ? skipped->to_number<std::size_t>() : 0u) << fixture;
    const auto& want = expected.at("nodes").as_array();
    ASSERT_EQ(parsed->nodes.size(), want.size()) << fixture;
    for (std::size_t i = 0; i < want.size(); ++i) {
        const auto& w = want[i].as_object();
        auto got = node_as_expected(parsed->nodes[i], w);
        EXPECT_EQ(json::value(got), json::value(w))
            << fixture << " node " << i << "\n got: " << json::serialize(got)
            << "\nwant: " << json::serialize(w);
        // Without an `address` key the address is Status.Addr itself.
        if (!w.contains("address")) {
            EXPECT_EQ(parsed->nodes[i].address, w.at("addr").as_string());
        }
        EXPECT_EQ(parsed->nodes[i].name, w.at("hostname").as_string());
    }
}

INSTANTIATE_TEST_SUITE_P(TestData, NodesFixture,
                         ::testing::ValuesIn(testing::expectations_of_kind("engine-nodes")),
                         [](const auto& test) { return testing::case_name(test.param); });

std::string problem_name(boost::system::error_code ec) {
    if (!ec) return "";
    if (ec == errc::not_in_swarm) return "not_in_swarm";
    if (ec == errc::swarm_locked) return "swarm_locked";
    if (ec == errc::not_a_manager) return "not_a_manager";
    return ec.message();
}

class InfoFixture : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(InfoFixture, ReadsTheSwarmObjectAndTellsManagersApart) {
    auto [expected, fixture, body] = testing::load_expectation(GetParam());
    auto parsed = parse_engine_info(body);
    ASSERT_TRUE(parsed.has_value()) << fixture << ": " << parsed.error().message();
    ASSERT_TRUE(parsed->swarm.has_value()) << fixture;

    const auto& s = *parsed->swarm;
    json::array managers;
    for (const auto& m : s.remote_managers)
        managers.push_back(json::array{json::string(m.node_id), json::string(m.addr)});
    json::object got{{"node_id", s.node_id},
                     {"node_addr", s.node_addr},
                     {"local_node_state", s.local_node_state},
                     {"control_available", s.control_available},
                     {"error", s.error},
                     {"nodes", or_null(s.nodes)},
                     {"managers", or_null(s.managers)},
                     {"remote_managers", managers},
                     {"cluster_id", s.cluster_id}};
    EXPECT_EQ(json::value(got), expected.at("swarm"))
        << fixture << "\n got: " << json::serialize(got);
    const auto* problem = expected.if_contains("manager_problem");
    EXPECT_EQ(problem_name(manager_problem(*parsed)), problem ? problem->as_string() : "")
        << fixture;
}

INSTANTIATE_TEST_SUITE_P(TestData, InfoFixture,
                         ::testing::ValuesIn(testing::expectations_of_kind("engine-info")),
                         [](const auto& test) { return testing::case_name(test.param); });

TEST(SwarmModeFixtures, CoverWorkersLockedInactiveAndJunk) {
    EXPECT_GE(testing::expectations_of_kind("engine-info").size(), 4u);
    EXPECT_GE(testing::expectations_of_kind("engine-nodes").size(), 4u);
}

TEST(ParseEngineInfo, AnEngineWithoutASwarmObjectIsNotInASwarm) {
    auto parsed = parse_engine_info(
        R"({"ServerVersion":"1.11.2","DriverStatus":[["Root Dir","/var/lib/docker"]]})");
    ASSERT_TRUE(parsed);
    EXPECT_FALSE(parsed->swarm);
    EXPECT_EQ(parsed->server_version, "1.11.2");
    EXPECT_EQ(manager_problem(*parsed), errc::not_in_swarm);
    EXPECT_EQ(manager_problem(*parsed).message(),
              "not a swarm manager: the engine is not part of an active swarm");
}

TEST(ParseEngineInfo, RejectsWhatIsNotAnObject) {
    EXPECT_EQ(parse_engine_info("<html>").error(), errc::not_json);
    EXPECT_EQ(parse_engine_info("[1]").error(), errc::not_an_object);
    EXPECT_EQ(parse_engine_info(std::string(100000, '[')).error(), errc::not_json);
}

TEST(ParseEngineInfo, FieldsOfTheWrongTypeReadAsAbsent) {
    auto parsed = parse_engine_info(
        R"({"Swarm":{"LocalNodeState":"active","ControlAvailable":"true","Nodes":"5"}})");
    ASSERT_TRUE(parsed);
    EXPECT_FALSE(parsed->swarm->control_available);
    EXPECT_FALSE(parsed->swarm->nodes);
    EXPECT_EQ(manager_problem(*parsed), errc::not_a_manager);
}

TEST(ParseNodes, RejectsWhatIsNotANodeList) {
    EXPECT_EQ(parse_nodes("").error(), errc::not_json);
    EXPECT_EQ(parse_nodes(R"([{"ID":"a"},)").error(), errc::not_json);
    EXPECT_EQ(parse_nodes(R"({"message":"This node is not a swarm manager."})").error(),
              errc::not_a_node_list);
    EXPECT_EQ(parse_nodes("[\"\xff\xfe\"]").error(), errc::not_json);
    EXPECT_EQ(parse_nodes(std::string(100000, '[')).error(), errc::not_json);  // hostile nesting
    EXPECT_EQ(parse_nodes(std::string("[{\"ID\":\"a\0b\"}]", 14)).error(),
              errc::not_json);  // raw NUL
}

TEST(ParseNodes, AnEmptyListIsAnEmptyCluster) {
    auto parsed = parse_nodes("[]");
    ASSERT_TRUE(parsed);
    EXPECT_TRUE(parsed->nodes.empty());
    EXPECT_EQ(parsed->skipped, 0u);
}

TEST(ParseNodes, ARepeatedIdKeepsItsFirstNodeWhereverTheRepeatsStand) {
    std::string body = "[";
    // IDs b a b c a a: the first b, a and c stay, in the master's order; three are skipped.
    const char* ids[] = {"b", "a", "b", "c", "a", "a"};
    for (int i = 0; i < 6; ++i) {
        body += fmt::format(R"({}{{"ID":"{}","Description":{{"Hostname":"h{}"}},)"
                            R"("Status":{{"State":"ready","Addr":"10.0.0.{}"}}}})",
                            i ? "," : "", ids[i], i, i + 1);
    }
    body += "]";
    auto parsed = parse_nodes(body);
    ASSERT_TRUE(parsed);
    std::vector<std::string> names;
    for (const auto& n : parsed->nodes) names.push_back(n.name + "=" + *n.id);
    EXPECT_EQ(names, (std::vector<std::string>{"h0=b", "h1=a", "h3=c"}));
    EXPECT_EQ(parsed->skipped, 3u);
}

TEST(ParseNodes, AWildcardAddressWithNoManagerAddressLeavesNoAddress) {
    // A worker cannot report 0.0.0.0 in practice, but if one does it must not become a target on
    // Prometheus' own host.
    auto parsed = parse_nodes(
        R"([{"ID":"w1","Description":{"Hostname":"w"},"Status":{"State":"ready","Addr":"0.0.0.0"}},
                                  {"ID":"m1","Status":{"Addr":"0.0.0.0"},"ManagerStatus":{"Addr":"0.0.0.0:2377"}}])");
    ASSERT_TRUE(parsed);
    ASSERT_EQ(parsed->nodes.size(), 2u);
    EXPECT_EQ(parsed->nodes[0].address, "");
    EXPECT_EQ(parsed->nodes[0].swarm_mode->status_addr, "0.0.0.0");
    EXPECT_EQ(parsed->nodes[1].address, "");
    EXPECT_EQ(parsed->nodes[1].name, "(unknown)");
}

TEST(ParseNodes, KeepsNodesWithNoStatusOrDescription) {
    auto parsed = parse_nodes(R"([{"ID":"n1","Status":null,"Description":null}])");
    ASSERT_TRUE(parsed);
    ASSERT_EQ(parsed->nodes.size(), 1u);
    EXPECT_FALSE(parsed->nodes[0].status);
    EXPECT_EQ(parsed->nodes[0].id, "n1");
}

}  // namespace
}  // namespace swarmsd::parser
