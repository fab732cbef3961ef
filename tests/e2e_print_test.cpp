// Runs the built swarm-sd --print as a user would, against fake masters on 127.0.0.1.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "demo/fake_master.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/test_data.hpp"

namespace swarmsd {
namespace {

namespace json = boost::json;
using testing::fake_master;

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        lines.push_back(text.substr(start, end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return lines;
}

TEST(Print, RotatesPastARefusingAndAHangingMasterToAGoodOne) {
    fake_master hanging(testing::hang{});
    fake_master good(
        testing::classic_info({{"node-b", "10.0.0.12:2375"}, {"node-a", "10.0.0.11:2375"}}));
    auto refused = "http://127.0.0.1:" + std::to_string(testing::unused_port());
    auto run =
        testing::run_swarm_sd({"--print", "--timeout", "300ms", "--master", refused, "--master",
                               hanging.url(), "--master", good.url(), "--label", "cluster=test"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    auto groups = json::parse(run.out).as_array();
    // The three masters share a host, so one cAdvisor: one master group, the first master's;
    // then two nodes sorted by name.
    ASSERT_EQ(groups.size(), 3u);
    EXPECT_EQ(groups[0].at("labels").at("__meta_swarm_master_url"), json::value(refused));
    EXPECT_EQ(groups[1].at("targets"), json::array{"10.0.0.11:8070"});
    EXPECT_EQ(groups[1].at("labels").at("__meta_swarm_node_name"), "node-a");
    EXPECT_EQ(groups[2].at("labels").at("__meta_swarm_node_name"), "node-b");
    EXPECT_EQ(groups[2].at("labels").at("cluster"), "test");
    EXPECT_TRUE(run.out.ends_with("]\n"));
    // The failures that were rotated past are said, without failing the run.
    EXPECT_NE(run.err.find("err=\"Connection refused\""), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("err=\"timed out\""), std::string::npos) << run.err;
}

TEST(Print, OnlyDeadMastersExitOneWithOneLinePerMasterAndNothingOnStdout) {
    fake_master server_error(testing::reply{500, "boom"});
    fake_master not_json(testing::reply{200, "<html>hello</html>", "text/html"});
    fake_master no_table(testing::reply{
        200, R"({"Driver":"overlay2","DriverStatus":[["Backing Filesystem","extfs"]]})"});
    fake_master hanging(testing::hang{});
    auto refused = "http://127.0.0.1:" + std::to_string(testing::unused_port());
    std::vector<std::string> masters{refused, server_error.url(), not_json.url(), no_table.url(),
                                     hanging.url()};
    std::vector<std::string> args{"--print", "--timeout", "200ms"};
    for (const auto& m : masters) args.insert(args.end(), {"--master", m});
    auto run = testing::run_swarm_sd(args);

    EXPECT_EQ(run.exit_code, 1);
    EXPECT_EQ(run.out, "");
    auto lines = lines_of(run.err);
    ASSERT_EQ(lines.size(), masters.size()) << run.err;
    const std::string reasons[] = {"Connection refused", "HTTP 500 Internal Server Error",
                                   "answer is not JSON", "answer has no node table", "timed out"};
    for (std::size_t i = 0; i < masters.size(); ++i) {
        EXPECT_NE(lines[i].find("level=error"), std::string::npos) << lines[i];
        EXPECT_NE(lines[i].find("master=" + masters[i]), std::string::npos) << lines[i];
        EXPECT_NE(lines[i].find(reasons[i]), std::string::npos) << lines[i];
    }
}

TEST(Print, BadFlagExitsTwoWithOneLineNamingIt) {
    struct row {
        std::vector<std::string> args;
        std::string named;
    };
    const row rows[] = {
        {{"--print", "--master", "m1:4000", "--refresh-interval", "soon"}, "--refresh-interval"},
        {{"--print", "--master", "m1:4000", "--cadvisor.port", "http"}, "--cadvisor.port"},
        {{"--print", "--master", "http://m1:notaport"}, "m1:notaport"},
        {{"--print", "--master", "m1:4000", "--frobnicate"}, "--frobnicate"},
    };
    for (const auto& r : rows) {
        auto run = testing::run_swarm_sd(r.args);
        EXPECT_EQ(run.exit_code, 2) << r.named;
        EXPECT_EQ(run.out, "");
        EXPECT_EQ(lines_of(run.err).size(), 1u) << run.err;
        EXPECT_NE(run.err.find(r.named), std::string::npos) << run.err;
    }
}

TEST(Print, EnvironmentConfiguresItAndAFlagWins) {
    fake_master good(testing::classic_info({{"n1", "10.0.0.1:2375"}}));
    auto run =
        testing::run_swarm_sd({"--cadvisor.port", "9100"}, {{"SWARM_SD_MASTER", good.url()},
                                                            {"SWARM_SD_PRINT", "true"},
                                                            {"SWARM_SD_CADVISOR_PORT", "8080"}});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_NE(run.out.find("\"10.0.0.1:9100\""), std::string::npos) << run.out;
}

TEST(Print, EmptyClusterIsAnEmptyArrayNeverAnEmptyFile) {
    fake_master empty(
        testing::reply{200, R"({"SystemStatus":[["Role","primary"],["Nodes","0"]]})"});
    auto refused = "127.0.0.1:" + std::to_string(testing::unused_port());
    auto run = testing::run_swarm_sd({"--print", "--master", refused, "--master", empty.url()});
    // The first master is down; its master group stays (masters are configured targets). Both
    // masters are on one host, so one cAdvisor: one group, the first master's.
    ASSERT_EQ(run.exit_code, 0) << run.err;
    auto groups = json::parse(run.out).as_array();
    ASSERT_EQ(groups.size(), 1u);
    EXPECT_EQ(groups[0].at("labels").at("__meta_swarm_master_url"), json::value(refused));
    for (const auto& g : groups) EXPECT_EQ(g.at("labels").at("__meta_swarm_role"), "master");
}

TEST(DemoMaster, ServesAThreeNodeClusterThatPrintShows) {
    auto port = std::to_string(testing::unused_port());
    testing::child_process demo(SWARMSD_DEMO_BINARY, {"127.0.0.1:" + port});
    testing::run_result run{};
    // The demo master needs a moment to listen; --print is retried until it answers.
    ASSERT_TRUE(testing::eventually([&] {
        run = testing::run_swarm_sd({"--print", "--master", "http://127.0.0.1:" + port});
        return run.exit_code == 0;
    })) << run.err
        << demo.err();
    auto groups = json::parse(run.out).as_array();
    ASSERT_EQ(groups.size(), 4u);
    EXPECT_EQ(groups[1].at("labels").at("__meta_swarm_node_name"), "swarm-node-01");
    EXPECT_EQ(groups[3].at("targets"), json::array{"10.0.0.13:8070"});
    demo.send(SIGTERM);
    EXPECT_EQ(demo.wait_for(std::chrono::seconds(5)), 0);
}

// For every classic fixture: the targets and labels --print shows are what its
// *.expected.json implies under the output contract (built here from the expectation alone).
class FixtureTargets : public ::testing::TestWithParam<std::filesystem::path> {};

json::object expected_node_labels(const json::object& n) {
    json::object labels{{"__meta_swarm_role", "node"},
                        {"__meta_swarm_node_name", n.at("name")},
                        {"__meta_swarm_node_address", n.at("addr")}};
    auto add = [&](const char* label, const char* field) {
        const auto& v = n.at(field);
        if (v.is_string() && !v.as_string().empty()) labels[label] = v;
    };
    add("__meta_swarm_node_id", "id");
    add("__meta_swarm_node_status", "status");
    add("__meta_swarm_node_error", "error");
    add("__meta_swarm_node_server_version", "server_version");
    for (const auto& [key, value] : n.at("labels").as_object()) {
        std::string name(key);
        for (auto& c : name)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
        labels["__meta_swarm_node_label_" + name] = value;
    }
    return labels;
}

TEST_P(FixtureTargets, PrintShowsTheTargetsAndLabelsTheExpectationImplies) {
    auto [expected, fixture, body] = testing::load_expectation(GetParam());
    fake_master master(testing::reply{200, body});
    auto run =
        testing::run_swarm_sd({"--print", "--master", master.url(), "--cadvisor.port", "8070"});
    ASSERT_EQ(run.exit_code, 0) << run.err;

    std::vector<std::pair<std::string, json::value>> nodes;  // (sort key, group)
    for (const auto& node : expected.at("nodes").as_array()) {
        const auto& n = node.as_object();
        std::string host(n.at("addr_host").as_string());
        auto target = (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":8070";
        json::object group{{"targets", json::array{json::value(target)}},
                           {"labels", expected_node_labels(n)}};
        nodes.emplace_back(
            std::string(n.at("name").as_string()) + '\0' + std::string(n.at("addr").as_string()),
            group);
    }
    std::stable_sort(nodes.begin(), nodes.end(),
                     [](auto& a, auto& b) { return a.first < b.first; });
    json::array want{json::object{
        {"targets", json::array{"127.0.0.1:8070"}},
        {"labels", {{"__meta_swarm_role", "master"}, {"__meta_swarm_master_url", master.url()}}}}};
    for (auto& [key, group] : nodes) want.push_back(group);

    EXPECT_EQ(json::parse(run.out), json::value(want)) << "got:\n"
                                                       << run.out << "\nwant:\n"
                                                       << json::serialize(want);
}

INSTANTIATE_TEST_SUITE_P(TestData, FixtureTargets,
                         ::testing::ValuesIn(testing::expectations_of_kind("swarm-classic-info")),
                         [](const auto& test) { return testing::case_name(test.param); });

}  // namespace
}  // namespace swarmsd
