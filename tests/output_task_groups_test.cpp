// Task groups: one per running task, at its address on the right network, with its node's labels.
#include <gtest/gtest.h>

#include "output/make_task_groups.hpp"
#include "text/address.hpp"

namespace swarmsd::output {
namespace {

parser::node node(std::string id, std::string name, std::string address,
                  std::string status = "ready") {
    parser::node n;
    n.id = std::move(id);
    n.name = name;
    n.address = std::move(address);
    n.endpoint = text::split_address(n.address);
    n.status = std::move(status);
    n.labels = {{"zone", "a"}};
    auto& d = n.swarm_mode.emplace();
    d.role = "worker";
    d.availability = "active";
    d.hostname = std::move(name);
    return n;
}

parser::task_network network(std::string name, std::string address, bool ingress = false) {
    return {"id-" + name, name, "swarm", false, ingress, {{"team", "ops"}}, {std::move(address)}};
}

parser::task task(std::string id, std::string node_id, std::vector<parser::task_network> networks,
                  std::string state = "running") {
    parser::task t;
    t.id = std::move(id);
    t.service_id = "svc1";
    t.node_id = std::move(node_id);
    t.state = std::move(state);
    t.desired_state = "running";
    t.container_id = "c-" + t.id;
    t.container_labels = {{"com.example.x", "1"}};
    t.networks = std::move(networks);
    return t;
}

parser::service service() { return {"svc1", "mon_cadvisor", "global", {{"tier", "mon"}}, {}}; }

struct TaskGroups : ::testing::Test {
    std::vector<parser::node> nodes{node("n1", "node-1", "10.0.0.1"),
                                    node("n2", "node-2", "10.0.0.2", "down")};
    group_options options{.masters = {}, .cadvisor_port = 8070, .extra_labels = {{"env", "prod"}}};
    parser::service svc = service();
    std::vector<parser::task> tasks;

    task_groups build(std::string_view network = {}) {
        return make_task_groups(nodes, {{"mon_cadvisor", 8080, &svc, &tasks}}, options, network);
    }
};

std::string value(const target_group& g, std::string_view name) {
    return std::string(g.label_value(name).value_or("(none)"));
}

TEST_F(TaskGroups, ARunningTaskIsItsAddressOnItsNetworkWithItsNodesLabels) {
    tasks = {
        task("t1", "n1",
             {network("ingress", "10.255.0.5/16", true), network("monitoring", "10.0.1.3/24")})};
    auto built = build();
    ASSERT_EQ(built.groups.size(), 1u);
    auto g = built.groups[0];
    EXPECT_EQ(g.target, "10.0.1.3:8080");
    EXPECT_EQ(value(g, "__meta_swarm_role"), "task");
    EXPECT_EQ(value(g, "__meta_swarm_node_name"), "node-1");
    EXPECT_EQ(value(g, "__meta_swarm_node_address"), "10.0.0.1");
    EXPECT_EQ(value(g, "__meta_swarm_node_label_zone"), "a");
    EXPECT_EQ(value(g, "__meta_swarm_task_id"), "t1");
    EXPECT_EQ(value(g, "__meta_swarm_task_state"), "running");
    EXPECT_EQ(value(g, "__meta_swarm_task_desired_state"), "running");
    EXPECT_EQ(value(g, "__meta_swarm_task_container_id"), "c-t1");
    EXPECT_EQ(value(g, "__meta_swarm_task_slot"), "0") << "a global service's task, as Prometheus";
    EXPECT_EQ(value(g, "__meta_swarm_container_label_com_example_x"), "1");
    EXPECT_EQ(value(g, "__meta_swarm_service_id"), "svc1");
    EXPECT_EQ(value(g, "__meta_swarm_service_name"), "mon_cadvisor");
    EXPECT_EQ(value(g, "__meta_swarm_service_mode"), "global");
    EXPECT_EQ(value(g, "__meta_swarm_service_label_tier"), "mon");
    EXPECT_EQ(value(g, "__meta_swarm_network_id"), "id-monitoring");
    EXPECT_EQ(value(g, "__meta_swarm_network_name"), "monitoring");
    EXPECT_EQ(value(g, "__meta_swarm_network_scope"), "swarm");
    EXPECT_EQ(value(g, "__meta_swarm_network_internal"), "false");
    EXPECT_EQ(value(g, "__meta_swarm_network_ingress"), "false");
    EXPECT_EQ(value(g, "__meta_swarm_network_label_team"), "ops");
    EXPECT_EQ(value(g, "env"), "prod") << "--label, as on node groups";
    std::string previous;
    for (const auto& l : g.labels) {
        EXPECT_LT(previous, std::string(l.name)) << "sorted, each name once";
        previous = l.name;
    }
    EXPECT_TRUE(built.skipped.empty());
}

TEST_F(TaskGroups, OnlyTasksRunningAndMeantToRunAreTargets) {
    tasks = {task("t1", "n1", {network("monitoring", "10.0.1.3/24")}, "starting"),
             task("t2", "n1", {network("monitoring", "10.0.1.4/24")}, "failed"),
             task("t3", "n2", {network("monitoring", "10.0.1.5/24")})};
    tasks[2].desired_state = "shutdown";
    EXPECT_EQ(build().groups.size(), 0u);
}

TEST_F(TaskGroups, ATaskOnADownNodeStaysATargetWithThatStatus) {
    tasks = {task("t1", "n2", {network("monitoring", "10.0.1.3/24")})};
    auto built = build();
    ASSERT_EQ(built.groups.size(), 1u);
    EXPECT_EQ(value(built.groups[0], "__meta_swarm_node_status"), "down");
}

TEST_F(TaskGroups, SeveralNetworksNeedTasksNetworkAndAreOtherwiseLeftOutWithAReason) {
    tasks = {
        task("t1", "n1", {network("monitoring", "10.0.1.3/24"), network("app", "10.0.2.3/24")})};
    auto built = build();
    EXPECT_EQ(built.groups.size(), 0u);
    ASSERT_EQ(built.skipped.size(), 1u);
    EXPECT_EQ(built.skipped[0].service, "mon_cadvisor");
    EXPECT_EQ(built.skipped[0].count, 1u);
    EXPECT_EQ(built.skipped[0].why,
              "on several networks (monitoring, app): choose one with --tasks.network");

    auto chosen = build("app");
    ASSERT_EQ(chosen.groups.size(), 1u);
    EXPECT_EQ(chosen.groups[0].target, "10.0.2.3:8080");
    EXPECT_EQ(build("id-app").groups.size(), 1u) << "a network by ID";
    auto missing = build("other");
    ASSERT_EQ(missing.skipped.size(), 1u);
    EXPECT_EQ(missing.skipped[0].why, "not on network other");
}

TEST_F(TaskGroups, AHostModePortIsTheNodesAddressAndThePublishedPort) {
    tasks = {task("t1", "n1", {}), task("t2", "n2", {network("ingress", "10.255.0.5/16", true)})};
    tasks[0].ports = {{"tcp", "host", 8080, 30080}};
    auto none = build();
    ASSERT_EQ(none.groups.size(), 1u) << "t2 publishes nothing";
    EXPECT_EQ(none.groups[0].target, "10.0.0.1:30080");
    EXPECT_EQ(value(none.groups[0], "__meta_swarm_task_port_publish_mode"), "host");
    EXPECT_EQ(value(none.groups[0], "__meta_swarm_network_name"), "(none)");
    ASSERT_EQ(none.skipped.size(), 1u);
    EXPECT_EQ(none.skipped[0].why,
              "on no network but ingress, and publishes no port 8080 in host mode");

    // The Engine may leave the task's PortStatus empty: the service's endpoint says it.
    svc.endpoint_ports = {{"tcp", "host", 8080, 31080}, {"tcp", "ingress", 8080, 32080}};
    auto from_service = build();
    ASSERT_EQ(from_service.groups.size(), 2u);
    EXPECT_EQ(from_service.groups[1].target, "10.0.0.2:31080");
}

TEST_F(TaskGroups, AnIpv6AddressIsBracketedAndTasksComeInNodeOrder) {
    tasks = {task("t2", "n2", {network("monitoring", "fd00::5/64")}),
             task("t1", "n1", {network("monitoring", "10.0.1.3/24")})};
    auto built = build();
    ASSERT_EQ(built.groups.size(), 2u);
    EXPECT_EQ(built.groups[0].target, "10.0.1.3:8080");
    EXPECT_EQ(built.groups[1].target, "[fd00::5]:8080");
}

TEST_F(TaskGroups, AServiceTheMasterDoesNotKnowHasNoTargets) {
    std::vector<parser::task> none;
    auto built = make_task_groups(nodes, {{"gone", 8080, nullptr, &none}}, options, {});
    EXPECT_EQ(built.groups.size(), 0u);
}

TEST_F(TaskGroups, ATaskOnANodeWithoutAnAddressHasItsNodesLabelsAndPlace) {
    nodes.push_back(node("n0", "node-0", ""));  // sorts first by name, and has no group
    tasks = {task("t1", "n1", {network("monitoring", "10.0.1.3/24")}),
             task("t0", "n0", {network("monitoring", "10.0.1.2/24")}), task("t9", "n0", {})};
    tasks[2].ports = {{"tcp", "host", 8080, 30080}};
    auto built = build();
    ASSERT_EQ(built.groups.size(), 2u);
    auto g = built.groups[0];
    EXPECT_EQ(g.target, "10.0.1.2:8080") << "in its node's name order";
    EXPECT_EQ(value(g, "__meta_swarm_node_name"), "node-0");
    EXPECT_EQ(value(g, "__meta_swarm_node_id"), "n0");
    EXPECT_EQ(value(g, "__meta_swarm_node_label_zone"), "a");
    EXPECT_EQ(value(g, "__meta_swarm_node_status"), "ready");
    EXPECT_EQ(value(g, "__meta_swarm_role"), "task");
    ASSERT_EQ(built.skipped.size(), 1u);
    EXPECT_EQ(built.skipped[0].why, "its node has no address") << "a host-mode port needs one";
}

TEST_F(TaskGroups, EachServicesGroupsEndWhereItsEndSays) {
    parser::service other{"svc2", "mon_node", "replicated", {}, {}};
    std::vector<parser::task> others{task("u1", "n2", {network("monitoring", "10.0.1.9/24")}),
                                     task("u2", "n1", {network("monitoring", "10.0.1.8/24")})};
    for (auto& t : others) t.service_id = "svc2";
    tasks = {task("t1", "n1", {network("monitoring", "10.0.1.3/24")})};
    std::vector<parser::task> none;
    auto built = make_task_groups(nodes,
                                  {{"mon_cadvisor", 8080, &svc, &tasks},
                                   {"gone", 1, nullptr, &none},
                                   {"mon_node", 9100, &other, &others}},
                                  options, {});
    ASSERT_EQ(built.groups.size(), 3u);
    EXPECT_EQ(built.service_ends, (std::vector<std::size_t>{1, 1, 3}));
    EXPECT_EQ(value(built.groups[0], "__meta_swarm_service_name"), "mon_cadvisor");
    EXPECT_EQ(built.groups[1].target, "10.0.1.8:9100");
    EXPECT_EQ(built.groups[2].target, "10.0.1.9:9100");
}

}  // namespace
}  // namespace swarmsd::output
