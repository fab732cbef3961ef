#include <gtest/gtest.h>

#include "output/label_name.hpp"
#include "output/make_target_groups.hpp"
#include "output/render_file_sd.hpp"

namespace swarmsd::output {
namespace {

using labels_t = std::map<std::string, std::string>;

parser::node make_node(std::string name, std::string address, std::string host,
                       std::optional<std::uint16_t> port = 2375) {
    parser::node n;
    n.name = std::move(name);
    n.address = std::move(address);
    n.endpoint = {std::move(host), port};
    return n;
}

TEST(MakeTargetGroups, MasterGroupsFirstInConfiguredOrderThenNodesByNameThenAddress) {
    group_options options{.masters = {{"http://m2:4000", "m2"}, {"unix:///run/docker.sock", ""},
                                      {"http://[fd00::1]:4000", "fd00::1"}},
                          .cadvisor_port = 8070,
                          .extra_labels = {}};
    std::vector<parser::node> nodes = {make_node("b", "10.0.0.2:2375", "10.0.0.2"),
                                       make_node("a", "10.0.0.9:2375", "10.0.0.9"),
                                       make_node("a", "10.0.0.1:2375", "10.0.0.1")};
    auto groups = make_target_groups(nodes, options);
    ASSERT_EQ(groups.size(), 5u);
    EXPECT_EQ(groups[0].targets, std::vector<std::string>{"m2:8070"});
    EXPECT_EQ(groups[0].labels, (labels_t{{"__meta_swarm_role", "master"},
                                          {"__meta_swarm_master_url", "http://m2:4000"}}));
    EXPECT_EQ(groups[1].targets, std::vector<std::string>{"[fd00::1]:8070"});
    EXPECT_EQ(groups[2].targets, std::vector<std::string>{"10.0.0.1:8070"});
    EXPECT_EQ(groups[3].targets, std::vector<std::string>{"10.0.0.9:8070"});
    EXPECT_EQ(groups[4].targets, std::vector<std::string>{"10.0.0.2:8070"});
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
    auto groups = make_target_groups({n}, {.masters = {}, .cadvisor_port = 9999, .extra_labels = {{"cluster", "prod"}}});
    ASSERT_EQ(groups.size(), 1u);
    EXPECT_EQ(groups[0].targets, std::vector<std::string>{"[fd00::21]:9999"});
    EXPECT_EQ(groups[0].labels, (labels_t{
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
    auto groups = make_target_groups({pending, hostless}, {});
    ASSERT_EQ(groups.size(), 1u);
    EXPECT_EQ(groups[0].labels, (labels_t{{"__meta_swarm_role", "node"},
                                          {"__meta_swarm_node_name", "(unknown)"},
                                          {"__meta_swarm_node_address", "10.0.0.15:2375"}}));
}

TEST(LabelName, SanitizesAndValidates) {
    EXPECT_EQ(sanitize_label_name("com.example/team-name"), "com_example_team_name");
    EXPECT_EQ(sanitize_label_name("zone \"eu\"\\\n"), "zone__eu___");
    EXPECT_TRUE(is_valid_label_name("cluster"));
    EXPECT_TRUE(is_valid_label_name("_x9"));
    EXPECT_FALSE(is_valid_label_name("9x"));
    EXPECT_FALSE(is_valid_label_name("a-b"));
    EXPECT_FALSE(is_valid_label_name(""));
}

TEST(RenderFileSd, EmptyIsAnEmptyArrayWithNewline) { EXPECT_EQ(render_file_sd({}), "[]\n"); }

TEST(RenderFileSd, TwoSpaceIndentStableOrderTrailingNewline) {
    std::vector<target_group> groups = {
        {{"m1:8070"}, {{"__meta_swarm_role", "master"}, {"__meta_swarm_master_url", "http://m1:4000"}}},
        {{"10.0.0.1:8070"}, {}},
    };
    EXPECT_EQ(render_file_sd(groups), R"([
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

TEST(RenderFileSd, EscapesHostileValues) {
    std::vector<target_group> groups = {{{"h:1"}, {{"k", std::string("q\"b\\s\n\x01\0z", 9)}}}};
    auto text = render_file_sd(groups);
    EXPECT_NE(text.find(R"("k": "q\"b\\s\n\u0001\u0000z")"), std::string::npos) << text;
}

}  // namespace
}  // namespace swarmsd::output
