#include <gtest/gtest.h>

#include "parser/parse_classic_info.hpp"

namespace swarmsd::parser {
namespace {

// A SystemStatus body around `rows` (the text between the brackets).
std::string system_status(const std::string& rows) {
    return R"j({"ServerVersion":"swarm/1.2.8","SystemStatus":[)j" + rows + "]}";
}

std::vector<std::string> names(const classic_listing& info) {
    std::vector<std::string> out;
    for (const auto& n : info.nodes) out.push_back(n.name + "@" + n.address);
    return out;
}

TEST(ParseInfo, StopsOneNodeOverTheLimitSoTheAnswerCanBeRefused) {
    std::string rows = R"(["Nodes","50"])";
    for (int i = 0; i < 50; ++i)
        rows += R"(,[" node-)" + std::to_string(i) + R"(","10.0.0.1:2375"])";
    auto body = system_status(rows);
    auto all = parse_classic_info(body);
    ASSERT_TRUE(all);
    EXPECT_EQ(all->nodes.size(), 50u);
    auto limited = parse_classic_info(body, 10);
    ASSERT_TRUE(limited);
    EXPECT_EQ(limited->nodes.size(), 11u);
    EXPECT_EQ(limited->nodes.back().name, "node-10");
}

TEST(ParseInfo, ATableFarLongerThanTheNodeLimitIsRefusedNotRead) {
    std::string rows = R"(["Nodes","1"],[" a","10.0.0.1:2375"])";
    for (int i = 0; i < 200; ++i) rows += R"(,["  └ Junk","x"])";
    auto body = system_status(rows);
    EXPECT_TRUE(parse_classic_info(body, 10)) << "32 rows a node are allowed: 352 here";
    auto refused = parse_classic_info(body, 2);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error(), errc::too_many_rows);
}

TEST(ParseInfo, AcceptsAnyWhitespaceBeforeTheTreeMark) {
    auto parsed = parse_classic_info(system_status(R"j(["Nodes","3"],
        [" a","10.0.0.1:2375"],[" └ Status","Healthy"],
        [" b","10.0.0.2:2375"],["   └ Status","Unhealthy"],
        [" c","10.0.0.3:2375"],["\t└ Status","Pending"],["  └ServerVersion","1.12.1"])j"));
    ASSERT_TRUE(parsed);
    ASSERT_EQ(parsed->nodes.size(), 3u);
    EXPECT_EQ(parsed->nodes[0].status, "Healthy");
    EXPECT_EQ(parsed->nodes[1].status, "Unhealthy");
    EXPECT_EQ(parsed->nodes[2].status, "Pending");
    EXPECT_EQ(parsed->nodes[2].server_version, "1.12.1");
}

TEST(ParseInfo, ErrorNoneMeansNoError) {
    auto parsed = parse_classic_info(system_status(R"j(["Nodes","2"],
        [" a","10.0.0.1:2375"],["  └ Error","(none)"],
        [" b","10.0.0.2:2375"],["  └ Error","connection refused"])j"));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->nodes[0].error, std::nullopt);
    EXPECT_EQ(parsed->nodes[1].error, "connection refused");
}

TEST(ParseInfo, IgnoresUnknownHeadersAndUnknownSubRows) {
    auto parsed = parse_classic_info(system_status(R"j(["Role","primary"],["State","Healthy"],
        ["Strategy","spread"],["Nodes","1"],
        [" a","10.0.0.1:2375"],["  └ Mystery","42"],["  └ Status","Healthy"])j"));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(names(*parsed), std::vector<std::string>{"a@10.0.0.1:2375"});
    EXPECT_EQ(parsed->header.role, "primary");
    EXPECT_EQ(parsed->header.strategy, "spread");
    EXPECT_EQ(parsed->nodes[0].status, "Healthy");
}

TEST(ParseInfo, HeaderAfterNodesEndsTheNode) {
    // A sub-row after a header belongs to no node: it must not be pinned on the node above.
    auto parsed = parse_classic_info(system_status(R"j(["Nodes","1"],[" a","10.0.0.1:2375"],
        ["Later","x"],["  └ Status","Unhealthy"])j"));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->nodes[0].status, std::nullopt);
}

TEST(ParseInfo, SkipsJunkRowsWithoutTouchingNeighbours) {
    auto parsed = parse_classic_info(system_status(R"j(["Nodes","3"],
        [" a","10.0.0.1:2375"],["  └ Status"],["  └ Status","Healthy",1],[1,2],null,"row",{},[],
        ["  └ Labels","k=v"],
        [" broken",42],["  └ Status","Unhealthy"],["  └ Labels","x=y"],
        [" c","10.0.0.3:2375"],["  └ Status",false],["  └ Status","Healthy"])j"));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(names(*parsed), (std::vector<std::string>{"a@10.0.0.1:2375", "c@10.0.0.3:2375"}));
    // A row longer than two elements is read on its first two (a Go slice built by hand).
    EXPECT_EQ(parsed->nodes[0].status, "Healthy");
    EXPECT_EQ(parsed->nodes[0].labels, (label_map{{"k", "v"}}));
    EXPECT_EQ(parsed->nodes[1].status, "Healthy");
    EXPECT_EQ(parsed->skipped_nodes, 1u) << "broken, whose address is not a string";
}

TEST(ParseInfo, MesosOffersAreNotNodes) {
    auto parsed = parse_classic_info(system_status(R"j(["Nodes","1"],[" a","10.0.0.1:2375"],
        ["  └ Offers","1"],["  Offer","O-1"],["   └ cpus","2"],["   └ Status","Bogus"])j"));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(names(*parsed), std::vector<std::string>{"a@10.0.0.1:2375"});
    EXPECT_EQ(parsed->nodes[0].status, std::nullopt);
}

TEST(ParseInfo, EngineStorageDriverStatusIsNotANodeTable) {
    auto parsed =
        parse_classic_info(R"j({"Driver":"overlay2","DriverStatus":[["Backing Filesystem","extfs"],
        ["Supports d_type","true"],["Native Overlay Diff","true"]],"SystemStatus":null})j");
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error(), errc::no_node_table);
}

TEST(ParseInfo, ReadsLegacyDriverStatusWhenSystemStatusIsNotATable) {
    auto parsed =
        parse_classic_info(R"j({"SystemStatus":"weird","DriverStatus":[["\bRole","primary"],
        ["\bNodes","1"],["n1","10.0.0.1:2375"],[" └ Containers","4"]]})j");
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->rows_field, "DriverStatus");
    EXPECT_EQ(names(*parsed), std::vector<std::string>{"n1@10.0.0.1:2375"});
    EXPECT_EQ(parsed->nodes[0].containers, (container_counts{4, {}, {}, {}}));
}

TEST(ParseInfo, LegacyTableWithIndentedNodeRowsKeepsItsNodes) {
    auto parsed = parse_classic_info(R"j({"DriverStatus":[["\bRole","primary"],["\bNodes","2"],
        [" n1","10.0.0.1:2375"],[" └ Containers","4"],["n2","10.0.0.2:2375"],["  Offer","x"],
        ["   └ cpus","2"]]})j");
    ASSERT_TRUE(parsed);
    EXPECT_EQ(names(*parsed), (std::vector<std::string>{"n1@10.0.0.1:2375", "n2@10.0.0.2:2375"}));
    EXPECT_EQ(parsed->nodes[0].containers, (container_counts{4, {}, {}, {}}));
}

TEST(ParseInfo, WellFormedEmptyClusterIsEmptyNotAnError) {
    auto parsed = parse_classic_info(system_status(R"j(["Role","primary"],["Nodes","0"])j"));
    ASSERT_TRUE(parsed);
    EXPECT_TRUE(parsed->nodes.empty());
    EXPECT_EQ(parsed->header.nodes_count, 0);
}

TEST(ParseInfo, NodesCountWithoutNodeRowsIsIncomplete) {
    auto parsed = parse_classic_info(system_status(R"j(["Role","primary"],["Nodes","3"])j"));
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error(), errc::incomplete_node_table);
}

TEST(ParseInfo, TrustsTheRowsOverTheNodesCount) {
    auto parsed = parse_classic_info(system_status(R"j(["Nodes","1"],[" a","10.0.0.1:2375"],
        [" b","10.0.0.2:2375"])j"));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->nodes.size(), 2u);
}

TEST(ParseInfo, RejectsWhatIsNotAnInfoObject) {
    struct row {
        std::string body;
        errc expected;
    };
    const row rows[] = {
        {"", errc::not_json},
        {"<html><body>502 Bad Gateway</body></html>", errc::not_json},
        {R"j({"SystemStatus":[["Nodes","1"],[" a","10.0.0.1:2375"])j", errc::not_json},
        {std::string(100000, '[') + std::string(100000, ']'), errc::not_json},
        {"{\"SystemStatus\":[[\"Nodes\",\"1\"],[\" a\",\"\xff\xfe\"]]}", errc::not_json},
        {R"j([["Nodes","1"]])j", errc::not_an_object},
        {R"j("SystemStatus")j", errc::not_an_object},
        {R"j({})j", errc::no_node_table},
        {R"j({"SystemStatus":null,"DriverStatus":null})j", errc::no_node_table},
        {R"j({"SystemStatus":{"Nodes":"1"}})j", errc::no_node_table},
        {R"j({"SystemStatus":[["Role","primary"],["Strategy","spread"]]})j", errc::no_node_table},
        {R"j({"SystemStatus":[[" Nodes","1"],[" a","10.0.0.1:2375"]]})j", errc::no_node_table},
    };
    for (const auto& r : rows) {
        auto parsed = parse_classic_info(r.body);
        ASSERT_FALSE(parsed) << r.body.substr(0, 80);
        EXPECT_EQ(parsed.error(), r.expected) << r.body.substr(0, 80);
    }
}

TEST(ParseInfo, NestedValuesOutsideTheTablesAreIgnoredAtAnyDepth) {
    // A swarm-mode manager's /info: objects two and more levels deep, and no node table.
    auto manager = parse_classic_info(
        R"j({"SystemStatus":null,"Swarm":{"Cluster":{"ID":"c1","Spec":{"Raft":{}}},
        "RemoteManagers":[{"NodeID":"n1","Addr":"10.0.0.1:2377"}]},"Plugins":{"Log":["json-file"]}})j");
    ASSERT_FALSE(manager);
    EXPECT_EQ(manager.error(), errc::no_node_table);

    auto classic =
        parse_classic_info(R"j({"Swarm":{"Cluster":{"ID":"c1"}},"Labels":[["x",{"y":[1]}]],
        "SystemStatus":[["Nodes","1"],{"junk":{"deeper":[1,{"z":2}]}},[" a","10.0.0.1:2375"],
        ["  └ Status",{"k":"v"}],["  └ Status","Healthy",[1,[2]]],["  └ Labels","k=v"]]})j");
    ASSERT_TRUE(classic);
    EXPECT_EQ(names(*classic), std::vector<std::string>{"a@10.0.0.1:2375"});
    EXPECT_EQ(classic->nodes[0].status, "Healthy");  // the first two of the longer row
    EXPECT_EQ(classic->nodes[0].labels, (label_map{{"k", "v"}}));
}

TEST(ParseInfo, KeepsNulBytesInsideStringsAsData) {
    auto parsed =
        parse_classic_info(system_status(R"j(["Nodes","1"],[" a\u0000b","10.0.0.1:2375"])j"));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->nodes[0].name, std::string("a\0b", 3));
}

}  // namespace
}  // namespace swarmsd::parser

namespace swarmsd::parser {
namespace {

// Classic tables are Go slices of string pairs built by hand: every shape they could take.
TEST(ParseInfo, RowsOfAnyShapeLoseOnlyWhatIsWrongInThem) {
    auto parsed = parse_classic_info(system_status(R"j(["Role","primary"],["Nodes",3],
        [" a","10.0.0.1:2375","extra",7],["  └ Status","Healthy","x"],
        [5,"not a key"],
        ["  └ ServerVersion",1.12],
        [" b",null],["  └ Status","Unhealthy"],["  └ ID","B-ID"],
        [" c","10.0.0.3:2375"],["  └ Status",["Healthy"]],["  └ ID","C-ID"])j"));
    ASSERT_TRUE(parsed) << parsed.error().message();
    // b has no usable address: left out, and its rows are its own, not a's.
    EXPECT_EQ(names(*parsed), (std::vector<std::string>{"a@10.0.0.1:2375", "c@10.0.0.3:2375"}));
    EXPECT_EQ(parsed->nodes[0].status, "Healthy") << "a row longer than two: its first two";
    EXPECT_EQ(parsed->nodes[0].server_version, std::nullopt) << "a value that is not a string";
    EXPECT_EQ(parsed->nodes[0].id, std::nullopt) << "b's ID does not leak into a";
    EXPECT_EQ(parsed->nodes[0].status, "Healthy") << "b's status does not leak into a";
    EXPECT_EQ(parsed->nodes[1].status, std::nullopt);
    EXPECT_EQ(parsed->nodes[1].id, "C-ID");
    EXPECT_EQ(parsed->header.nodes_count, std::nullopt)
        << "a Nodes count that is a number is unknown";
}

}  // namespace
}  // namespace swarmsd::parser
