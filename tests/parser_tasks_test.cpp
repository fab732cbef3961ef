// Tasks and services, as a real Docker Engine 20.10 manager answers `GET /tasks` and
// `GET /services` (captured from one: a global service on an overlay network, one publishing a
// port in host mode).
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "parser/errc.hpp"
#include "parser/tasks.hpp"
#include "tests/support/test_data.hpp"

namespace swarmsd::parser {
namespace {

const task* by_service_label(const std::vector<task>& tasks, bool with_network) {
    for (const auto& t : tasks) {
        if (t.networks.empty() != with_network) return &t;
    }
    return nullptr;
}

TEST(ParseTasks, ReadsWhatARealManagerLists) {
    auto tasks = parse_tasks(testing::read_test_data("real-engine-20.10-tasks.json"));
    ASSERT_TRUE(tasks) << tasks.error().message();
    ASSERT_EQ(tasks->size(), 2u);

    const auto* overlay = by_service_label(*tasks, true);
    ASSERT_NE(overlay, nullptr);
    EXPECT_EQ(overlay->id, "zhanzntfno9chclv50z5w5adb");
    EXPECT_EQ(overlay->service_id, "i1pn0v6z6u1ky4vn3ouqui20q");
    EXPECT_EQ(overlay->node_id, "lo5jwptrpz0ughiin6got3yvb");
    EXPECT_EQ(overlay->state, "running");
    EXPECT_EQ(overlay->desired_state, "running");
    EXPECT_EQ(overlay->slot, std::nullopt) << "a global service's task has no slot";
    EXPECT_EQ(overlay->container_id,
              "7d6fafcb1b2972f202f60e496309a7ea45a268df3b5dade0eaff72206eec5ba5");
    EXPECT_EQ(overlay->container_labels, (label_map{{"c.l", "1"}}));
    ASSERT_EQ(overlay->networks.size(), 1u);
    const auto& n = overlay->networks[0];
    EXPECT_EQ(n.id, "o3md8ktqnk5safl1xg988xfmh");
    EXPECT_EQ(n.name, "monitoring");
    EXPECT_EQ(n.scope, "swarm");
    EXPECT_FALSE(n.internal);
    EXPECT_FALSE(n.ingress);
    EXPECT_EQ(n.labels, (label_map{{"team", "ops"}}));
    EXPECT_EQ(n.addresses, std::vector<std::string>{"10.0.1.3/24"});

    const auto* host = by_service_label(*tasks, false);
    ASSERT_NE(host, nullptr);
    EXPECT_TRUE(host->ports.empty()) << "the Engine left PortStatus empty";
}

TEST(ParseTasks, ReadsSlotsPortsAndIngressAndSkipsEntriesWithoutAnId) {
    auto tasks = parse_tasks(R"([
        {"ID":"t1","Slot":3,"ServiceID":"s","NodeID":"n","DesiredState":"running",
         "Status":{"State":"running","PortStatus":{"Ports":[
             {"Protocol":"tcp","TargetPort":8080,"PublishedPort":30080,"PublishMode":"host"}]}},
         "NetworksAttachments":[{"Network":{"ID":"i","Spec":{"Name":"ingress","Ingress":true,
             "Internal":true}},"Addresses":["10.255.0.9/16","fd00::9/64"]}]},
        {"Slot":4},
        "not a task",
        {"ID":"t2","Slot":"five"}
    ])");
    ASSERT_TRUE(tasks) << tasks.error().message();
    ASSERT_EQ(tasks->size(), 2u);
    const auto& t = (*tasks)[0];
    EXPECT_EQ(t.slot, 3);
    ASSERT_EQ(t.ports.size(), 1u);
    EXPECT_EQ(t.ports[0], (port_mapping{"tcp", "host", 8080, 30080}));
    ASSERT_EQ(t.networks.size(), 1u);
    EXPECT_TRUE(t.networks[0].ingress);
    EXPECT_TRUE(t.networks[0].internal);
    EXPECT_EQ(t.networks[0].addresses.size(), 2u);
    EXPECT_EQ((*tasks)[1].slot, std::nullopt) << "a slot that is not a number is no slot";
}

TEST(ParseTasks, AnAnswerThatIsNotAListFails) {
    EXPECT_EQ(parse_tasks(R"({"message":"x"})").error(), errc::not_a_task_list);
    EXPECT_EQ(parse_tasks("[").error(), errc::not_json);
}

TEST(ParseService, ReadsItsNameModeLabelsAndPorts) {
    auto all = boost::json::parse(testing::read_test_data("real-engine-20.10-services.json"));
    std::vector<service> services;
    for (const auto& s : all.as_array()) {
        auto one = parse_service(boost::json::serialize(s));
        ASSERT_TRUE(one) << one.error().message();
        services.push_back(*one);
    }
    ASSERT_EQ(services.size(), 2u);
    const auto& cadvisor = services[0].name == "cadvisor" ? services[0] : services[1];
    const auto& hostport = services[0].name == "cadvisor" ? services[1] : services[0];
    EXPECT_EQ(cadvisor.id, "i1pn0v6z6u1ky4vn3ouqui20q");
    EXPECT_EQ(cadvisor.mode, "global");
    EXPECT_EQ(cadvisor.labels, (label_map{{"tier", "mon"}}));
    EXPECT_TRUE(cadvisor.endpoint_ports.empty());
    ASSERT_EQ(hostport.endpoint_ports.size(), 1u);
    EXPECT_EQ(hostport.endpoint_ports[0], (port_mapping{"tcp", "host", 9100, 19100}));
}

TEST(ParseService, ReplicatedAndJobModesAndBadAnswers) {
    auto replicated =
        parse_service(R"({"ID":"a","Spec":{"Name":"web","Mode":{"Replicated":{"Replicas":2}}}})");
    ASSERT_TRUE(replicated);
    EXPECT_EQ(replicated->mode, "replicated");
    auto job = parse_service(R"({"ID":"a","Spec":{"Name":"web","Mode":{"ReplicatedJob":{}}}})");
    ASSERT_TRUE(job);
    EXPECT_EQ(job->mode, "replicatedjob");
    EXPECT_EQ(parse_service(R"({"message":"service x not found"})").error(), errc::not_a_service);
    EXPECT_EQ(parse_service("[]").error(), errc::not_a_service);
}

}  // namespace
}  // namespace swarmsd::parser
