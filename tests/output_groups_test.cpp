#include <fmt/format.h>
#include <gtest/gtest.h>

#include "output/make_target_groups.hpp"
#include "output/render_file_sd.hpp"
#include "text/label_name.hpp"

namespace swarmsd::output {
namespace {

using labels_t = std::map<std::string, std::string>;

// A group's labels as a map, after checking they come sorted by name, each name once: the order
// the file is written in.
labels_t labels_of(const target_group& group) {
    labels_t labels;
    std::string_view previous;
    for (const auto& l : group.labels) {
        EXPECT_LT(previous, l.name) << "labels out of order or repeated";
        previous = l.name;
        labels.emplace(l.name, l.value);
    }
    return labels;
}

parser::node make_node(std::string name, std::string address, std::string host,
                       std::optional<std::uint16_t> port = 2375) {
    parser::node n;
    n.name = std::move(name);
    n.address = std::move(address);
    n.endpoint = {std::move(host), port};
    return n;
}

TEST(MakeTargetGroups, MasterGroupsFirstInConfiguredOrderThenNodesByNameThenAddress) {
    group_options options{.masters = {{"http://m2:4000", "m2"},
                                      {"unix:///run/docker.sock", ""},
                                      {"http://[fd00::1]:4000", "fd00::1"}},
                          .cadvisor_port = 8070,
                          .extra_labels = {}};
    std::vector<parser::node> nodes = {make_node("b", "10.0.0.2:2375", "10.0.0.2"),
                                       make_node("a", "10.0.0.9:2375", "10.0.0.9"),
                                       make_node("a", "10.0.0.1:2375", "10.0.0.1")};
    auto groups = make_target_groups(nodes, parser::cluster_mode::classic, options);
    ASSERT_EQ(groups.size(), 5u);
    EXPECT_EQ(groups[0].target, "m2:8070");
    EXPECT_EQ(labels_of(groups[0]), (labels_t{{"__meta_swarm_role", "master"},
                                              {"__meta_swarm_master_url", "http://m2:4000"}}));
    EXPECT_EQ(groups[1].target, "[fd00::1]:8070");
    EXPECT_EQ(groups[2].target, "10.0.0.1:8070");
    EXPECT_EQ(groups[3].target, "10.0.0.9:8070");
    EXPECT_EQ(groups[4].target, "10.0.0.2:8070");
}

// The shipped compose file's case: the classic manager runs on one of its nodes. One cAdvisor,
// so one target: the node's group, which also names the master.
TEST(MakeTargetGroups, NoCadvisorIsATargetTwice) {
    group_options options{.masters = {{"http://10.0.0.1:4000", "10.0.0.1"},
                                      {"http://10.0.0.1:4001", "10.0.0.1"},
                                      {"http://m9:4000", "m9"},
                                      {"tcp://m9:3376", "m9"}},
                          .cadvisor_port = 8070,
                          .extra_labels = {{"cluster", "prod"}}};
    std::vector<parser::node> nodes = {make_node("a", "10.0.0.1:2375", "10.0.0.1"),
                                       make_node("b", "10.0.0.2:2375", "10.0.0.2")};
    auto groups = make_target_groups(nodes, parser::cluster_mode::classic, options);
    std::vector<std::string> targets;
    for (auto g : groups) targets.emplace_back(g.target);
    EXPECT_EQ(targets, (std::vector<std::string>{"m9:8070", "10.0.0.1:8070", "10.0.0.2:8070"}));
    EXPECT_EQ(labels_of(groups[0]).at("__meta_swarm_master_url"), "http://m9:4000");
    EXPECT_EQ(labels_of(groups[1]), (labels_t{{"__meta_swarm_role", "node"},
                                              {"__meta_swarm_node_name", "a"},
                                              {"__meta_swarm_node_address", "10.0.0.1:2375"},
                                              {"__meta_swarm_master_url", "http://10.0.0.1:4000"},
                                              {"cluster", "prod"}}));
    EXPECT_FALSE(labels_of(groups[2]).contains("__meta_swarm_master_url"));
}

TEST(MakeTargetGroups, NodeLabelsFollowTheContract) {
    auto n = make_node("web-01", "[fd00::21]:2375", "fd00::21");
    n.id = "ABCD|[fd00::21]:2375";
    n.status = "Unhealthy";
    n.error = "engine is unhealthy";
    n.server_version = "1.12.3";
    n.labels = {{"com.example.team", "web"}, {"storagedriver", "aufs"}, {"com-example-team", "x"}};
    n.containers = parser::container_counts{8, 1, 0, 7};
    n.updated_at = "2016-12-01T07:59:31Z";
    std::vector<parser::node> nodes{n};
    group_options options{
        .masters = {}, .cadvisor_port = 9999, .extra_labels = {{"cluster", "prod"}}};
    auto groups = make_target_groups(nodes, parser::cluster_mode::classic, options);
    ASSERT_EQ(groups.size(), 1u);
    EXPECT_EQ(groups[0].target, "[fd00::21]:9999");
    EXPECT_EQ(labels_of(groups[0]),
              (labels_t{
                  {"__meta_swarm_role", "node"},
                  {"__meta_swarm_node_name", "web-01"},
                  {"__meta_swarm_node_address", "[fd00::21]:2375"},
                  {"__meta_swarm_node_id", "ABCD|[fd00::21]:2375"},
                  {"__meta_swarm_node_status", "Unhealthy"},
                  {"__meta_swarm_node_error", "engine is unhealthy"},
                  {"__meta_swarm_node_server_version", "1.12.3"},
                  // `com-example-team` sorts first and wins the sanitized name.
                  {"__meta_swarm_node_label_com_example_team", "x"},
                  {"__meta_swarm_node_label_storagedriver", "aufs"},
                  {"cluster", "prod"},
              }));
}

TEST(MakeTargetGroups, OptionalLabelsAreAbsentWhenUnknownAndHostlessNodesAreSkipped) {
    auto pending = make_node("(unknown)", "10.0.0.15:2375", "10.0.0.15");
    auto hostless = make_node("ghost", "", "", std::nullopt);
    std::vector<parser::node> nodes{pending, hostless};
    group_options options;
    options.cadvisor_port = 8070;
    auto groups = make_target_groups(nodes, parser::cluster_mode::classic, options);
    ASSERT_EQ(groups.size(), 1u);
    EXPECT_EQ(labels_of(groups[0]), (labels_t{{"__meta_swarm_role", "node"},
                                              {"__meta_swarm_node_name", "(unknown)"},
                                              {"__meta_swarm_node_address", "10.0.0.15:2375"}}));
}

parser::node swarm_mode_node(std::string hostname, std::string address, std::string role) {
    auto n = make_node(hostname, address, address, std::nullopt);
    n.id = hostname + "-id";
    n.status = "ready";
    n.server_version = "27.3.1";
    auto& d = n.swarm_mode.emplace();
    d.role = std::move(role);
    d.availability = "active";
    d.hostname = std::move(hostname);
    d.status_addr = address;
    d.platform_os = "linux";
    d.platform_architecture = "x86_64";
    return n;
}

TEST(MakeTargetGroups, SwarmModeHasNoMasterGroupsAndManagersAreNodes) {
    auto manager = swarm_mode_node("mgr-1", "10.20.0.11", "manager");
    manager.swarm_mode->manager_leader = false;
    manager.swarm_mode->manager_reachability = "reachable";
    manager.swarm_mode->manager_address = "10.20.0.11:2377";
    group_options options{.masters = {{"http://10.20.0.11:2375", "10.20.0.11"}},
                          .cadvisor_port = 8070,
                          .extra_labels = {{"cluster", "prod"}}};
    std::vector<parser::node> nodes{swarm_mode_node("wrk-1", "10.20.0.21", "worker"), manager};
    auto groups = make_target_groups(nodes, parser::cluster_mode::swarm_mode, options);
    ASSERT_EQ(groups.size(), 2u);
    EXPECT_EQ(groups[0].target, "10.20.0.11:8070");
    EXPECT_EQ(labels_of(groups[0]), (labels_t{
                                        {"__meta_swarm_role", "node"},
                                        {"__meta_swarm_node_name", "mgr-1"},
                                        {"__meta_swarm_node_address", "10.20.0.11"},
                                        {"__meta_swarm_node_id", "mgr-1-id"},
                                        {"__meta_swarm_node_status", "ready"},
                                        {"__meta_swarm_node_server_version", "27.3.1"},
                                        {"__meta_swarm_node_role", "manager"},
                                        {"__meta_swarm_node_availability", "active"},
                                        {"__meta_swarm_node_hostname", "mgr-1"},
                                        {"__meta_swarm_node_manager_leader", "false"},
                                        {"__meta_swarm_node_manager_reachability", "reachable"},
                                        {"__meta_swarm_node_manager_address", "10.20.0.11:2377"},
                                        {"__meta_swarm_node_platform_os", "linux"},
                                        {"__meta_swarm_node_platform_architecture", "x86_64"},
                                        {"cluster", "prod"},
                                    }));
    // Workers carry no manager labels at all, not empty ones.
    EXPECT_EQ(labels_of(groups[1]).count("__meta_swarm_node_manager_leader"), 0u);
    EXPECT_EQ(labels_of(groups[1]).at("__meta_swarm_node_role"), "worker");
}

TEST(MakeTargetGroups, SwarmModeSeparatesNodeLabelsFromEngineLabels) {
    auto n = swarm_mode_node("wrk-1", "fd00::21", "worker");
    n.labels = {{"com.example.zone", "eu-1a"}};
    n.swarm_mode->engine_labels = {{"storage-tier", "nvme"}};
    n.swarm_mode->availability = "drain";
    n.status = "down";
    n.error = "heartbeat failure";
    std::vector<parser::node> nodes{n};
    group_options options;
    options.cadvisor_port = 8070;
    auto groups = make_target_groups(nodes, parser::cluster_mode::swarm_mode, options);
    ASSERT_EQ(groups.size(), 1u);
    EXPECT_EQ(groups[0].target, "[fd00::21]:8070");
    auto labels = labels_of(groups[0]);
    EXPECT_EQ(labels.at("__meta_swarm_node_label_com_example_zone"), "eu-1a");
    EXPECT_EQ(labels.at("__meta_swarm_node_engine_label_storage_tier"), "nvme");
    EXPECT_EQ(labels.at("__meta_swarm_node_availability"), "drain");
    EXPECT_EQ(labels.at("__meta_swarm_node_status"), "down");
    EXPECT_EQ(labels.at("__meta_swarm_node_error"), "heartbeat failure");
}

TEST(TargetGroups, EachNameIsHeldOnceAndLabelsReadBackInOrder) {
    target_groups groups;
    EXPECT_EQ(groups.name_id("a"), 0u);
    EXPECT_EQ(groups.name_id("b"), 1u);
    EXPECT_EQ(groups.name_id(std::string("a")), 0u);  // by text, not by address
    groups.begin_group("t1:8070");
    groups.add_label("a", "1");
    groups.add_label(groups.name_id("b"), "2");
    groups.begin_group("t2:8070");
    groups.add_label("c", "");
    ASSERT_EQ(groups.size(), 2u);
    EXPECT_EQ(labels_of(groups[0]), (labels_t{{"a", "1"}, {"b", "2"}}));
    EXPECT_EQ(groups[1].labels.size(), 1u);
    EXPECT_EQ(groups[1].label_value("c"), "");
    EXPECT_EQ(groups[1].label_value("a"), std::nullopt);
}

TEST(TargetGroups, AValueOf4GiBOrMoreIsRefused) {
    target_groups groups;
    groups.begin_group("t:8070");
    const char* text = "x";
    // Never read: only its size is looked at.
    std::string_view huge(text, std::size_t{1} << 32);
    EXPECT_THROW(groups.add_label("a", huge), std::length_error);
    EXPECT_TRUE(groups[0].labels.empty());
}

TEST(LabelName, SanitizesAndValidates) {
    EXPECT_EQ(text::sanitize_label_name("com.example/team-name"), "com_example_team_name");
    EXPECT_EQ(text::sanitize_label_name("zone \"eu\"\\\n"), "zone__eu___");
    // One `_` per character, as Prometheus' own discovery: é is two bytes, the whale four.
    EXPECT_EQ(text::sanitize_label_name("zon\u00e9"), "zon_");
    EXPECT_EQ(text::sanitize_label_name("\U0001F433whale"), "_whale");
    EXPECT_EQ(text::sanitize_label_name("\u65e5\u672c"), "__");
    // A byte that starts no character is one character, as Go reads it.
    EXPECT_EQ(text::sanitize_label_name(std::string("a\xff\xc3") + "b"), "a__b");
    // One `_` per character, as Prometheus' own discovery: é is two bytes, 🐳 four.
    EXPECT_EQ(text::sanitize_label_name("zon\u00e9"), "zon_");
    EXPECT_EQ(text::sanitize_label_name("\U0001F433whale"), "_whale");
    EXPECT_EQ(text::sanitize_label_name("\u65e5\u672c"), "__");
    // A byte that starts no character is one character, as Go reads it.
    EXPECT_EQ(text::sanitize_label_name(std::string("a\xff") + "\xc3" + "b"), "a__b");
    EXPECT_TRUE(text::is_valid_label_name("cluster"));
    EXPECT_TRUE(text::is_valid_label_name("_x9"));
    EXPECT_FALSE(text::is_valid_label_name("9x"));
    EXPECT_FALSE(text::is_valid_label_name("a-b"));
    EXPECT_FALSE(text::is_valid_label_name(""));
}

TEST(RenderFileSd, EmptyIsAnEmptyArrayWithNewline) {
    EXPECT_EQ(render_file_sd(target_groups{}), "[]\n");
}

TEST(RenderFileSd, TwoSpaceIndentTrailingNewlineAndAReusedBuffer) {
    target_groups groups;
    groups.begin_group("m1:8070");
    groups.add_label("__meta_swarm_master_url", "http://m1:4000");
    groups.add_label("__meta_swarm_role", "master");
    groups.begin_group("10.0.0.1:8070");
    std::string reused = "what an earlier poll left";
    render_file_sd(groups, reused);
    EXPECT_EQ(reused, render_file_sd(groups));
    EXPECT_EQ(reused, R"([
  {
    "targets": [
      "m1:8070"
    ],
    "labels": {
      "__meta_swarm_master_url": "http://m1:4000",
      "__meta_swarm_role": "master"
    }
  },
  {
    "targets": [
      "10.0.0.1:8070"
    ],
    "labels": {}
  }
]
)");
}

TEST(RenderFileSd, TheReservedSizeIsTheTextsSizeWhenNothingNeedsEscaping) {
    // What render reserves: short of the text, the text is moved to a buffer twice as big halfway
    // through a large answer; over it, memory is taken that is never used.
    target_groups groups;
    EXPECT_EQ(plain_text_size(groups), render_file_sd(groups).size());
    groups.begin_group("10.0.0.1:8070");  // no labels
    EXPECT_EQ(plain_text_size(groups), render_file_sd(groups).size());
    groups.begin_group("m1:8070");
    groups.add_label("__meta_swarm_master_url", "http://m1:4000");
    EXPECT_EQ(plain_text_size(groups), render_file_sd(groups).size());
    groups.add_label("__meta_swarm_role", "master");
    groups.add_label("__meta_swarm_node_label_zone", "");
    EXPECT_EQ(plain_text_size(groups), render_file_sd(groups).size());
    groups.add_label("k", "a \"quoted\" value");
    EXPECT_LT(plain_text_size(groups), render_file_sd(groups).size());
}

TEST(RenderFileSd, EscapesHostileValues) {
    target_groups groups;
    groups.begin_group("h:1");
    groups.add_label("k", std::string_view("q\"b\\s\n\x01\0z", 9));
    auto text = render_file_sd(groups);
    EXPECT_NE(text.find(R"("k": "q\"b\\s\n\u0001\u0000z")"), std::string::npos) << text;
}

}  // namespace
}  // namespace swarmsd::output

namespace swarmsd::output {
namespace {

// Many groups, so that the text is several 64 KiB pieces long.
target_groups many_groups(std::size_t count, std::string_view value, std::size_t first = 0) {
    target_groups groups;
    for (std::size_t i = first; i < first + count; ++i) {
        groups.begin_group(groups.keep("10.0.0." + std::to_string(i) + ":8070"));
        groups.add_label("__meta_swarm_node_name", groups.keep("node-" + std::to_string(i)));
        groups.add_label("__meta_swarm_role", value);
    }
    return groups;
}

TEST(RenderFileSd, ARunOfGroupsCutFromTheWholeTextIsTheirTextAlone) {
    auto groups = many_groups(5, "a \"quoted\"\nvalue");
    std::string whole;
    std::vector<group_span> spans;
    render_file_sd(groups, whole, &spans);
    ASSERT_EQ(spans.size(), 5u);
    EXPECT_EQ(file_sd_subset(whole, std::span(spans).subspan(1, 3)),
              render_file_sd(many_groups(3, "a \"quoted\"\nvalue", 1)));
    EXPECT_EQ(file_sd_subset(whole, spans), whole);
    EXPECT_EQ(file_sd_subset(whole, {}), "[]\n");
}

TEST(RenderFileSd, TextsJoinedAreTheTextOfAllTheirGroups) {
    auto first = render_file_sd(many_groups(2, "a"));
    auto empty = render_file_sd(target_groups());
    auto second = render_file_sd(many_groups(3, "a", 2));
    std::vector<std::string_view> texts{empty, first, empty, second, empty};
    EXPECT_EQ(join_file_sd(texts), render_file_sd(many_groups(5, "a")));
    std::vector<std::string_view> none{empty, empty};
    EXPECT_EQ(join_file_sd(none), "[]\n");
    EXPECT_EQ(join_file_sd({}), "[]\n");
}

TEST(RenderFileSd, PiecesMakeTheSameTextAndAChangeAnywhereIsSeen) {
    auto groups = many_groups(5000, "node");
    auto whole = render_file_sd(groups);
    ASSERT_GT(whole.size(), 3u * 64 * 1024);
    std::string joined;
    std::size_t pieces = 0;
    render_file_sd(groups, [&](std::string_view piece) {
        joined += piece;
        ++pieces;
    });
    EXPECT_EQ(joined, whole);
    EXPECT_GT(pieces, 3u);

    EXPECT_TRUE(renders_as(groups, whole));
    EXPECT_FALSE(renders_as(groups, whole + " "));
    EXPECT_FALSE(renders_as(groups, whole.substr(0, whole.size() - 1)));
    auto changed_early = whole, changed_late = whole;
    changed_early[100] = 'X';
    changed_late[whole.size() - 10] = 'X';
    EXPECT_FALSE(renders_as(groups, changed_early));
    EXPECT_FALSE(renders_as(groups, changed_late));
    EXPECT_TRUE(renders_as(target_groups{}, "[]\n"));
    EXPECT_FALSE(renders_as(target_groups{}, whole));
}

TEST(RenderFileSd, GroupsWrittenAsTheyAreBuiltMakeTheSameText) {
    std::vector<parser::node> nodes;
    for (int i = 5000; i > 0; --i) {  // reversed: the builder sorts them
        auto n = make_node(fmt::format("node-{:04}", i),
                           fmt::format("10.1.{}.{}:2375", i / 256, i % 256),
                           fmt::format("10.1.{}.{}", i / 256, i % 256));
        n.labels = {{"zone", "eu-" + std::to_string(i % 3)}};
        nodes.push_back(std::move(n));
    }
    group_options options{.masters = {{"http://10.0.0.1:4000", "10.0.0.1"}},
                          .cadvisor_port = 8070,
                          .extra_labels = {{"cluster", "c1"}}};
    std::string written, pieces;
    file_sd_writer whole(written);
    std::string joined;
    file_sd_writer piecewise(pieces, [&](std::string_view piece) {
        joined += piece;
        return true;
    });
    std::size_t seen = 0;
    auto groups = make_target_groups(nodes, parser::cluster_mode::classic, options,
                                     [&](const target_group& group) {
                                         whole.add(group);
                                         piecewise.add(group);
                                         ++seen;
                                     });
    EXPECT_TRUE(whole.finish());
    EXPECT_TRUE(piecewise.finish());
    EXPECT_EQ(seen, 5001u);  // the master's group, then every node's
    auto text = render_file_sd(groups);
    EXPECT_EQ(written, text);
    EXPECT_EQ(joined, text);
    EXPECT_TRUE(pieces.empty());  // all handed over
    EXPECT_TRUE(text.starts_with("[\n  {\n    \"targets\": [\n      \"10.0.0.1:8070\""));
}

TEST(RenderFileSd, ASinkThatStopsEndsTheWriting) {
    auto groups = many_groups(5000, "node");
    std::string out;
    std::size_t calls = 0;
    file_sd_writer writer(out, [&](std::string_view) { return ++calls < 2; });
    for (auto group : groups) writer.add(group);
    EXPECT_FALSE(writer.finish());
    EXPECT_EQ(calls, 2u);  // never asked again once it said stop
}

TEST(RenderFileSd, AMatchFedGroupByGroupSeesAChangeAnywhere) {
    auto groups = many_groups(5000, "node");
    auto whole = render_file_sd(groups);
    auto matches = [&](std::string_view text) {
        file_sd_match match(text);
        for (auto group : groups) match.add(group);
        return match.finish();
    };
    EXPECT_TRUE(matches(whole));
    auto changed = whole;
    changed[whole.size() / 2] = 'X';
    EXPECT_FALSE(matches(changed));
    EXPECT_FALSE(matches(whole + "\n"));
    EXPECT_FALSE(matches(whole.substr(0, whole.size() / 2)));
}

}  // namespace
}  // namespace swarmsd::output
