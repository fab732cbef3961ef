// Service tasks on a real Docker Engine (Debian's dockerd 20.10): a global service on an overlay
// network, its image a busybox rootfs made with `docker import` (no registry), serving `httpd`.
// swarm-sd's task targets against the Engine, and against Prometheus' own dockerswarm_sd
// (`role: tasks`) on the same engine.
//
// `RealTasks`: one engine. `RealTasksOnEveryNode`: three, each in a network namespace of its own
// joined by a bridge (engines that share one run overlay tasks on one node only: "error creating
// vxlan interface: file exists").
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include "tests/support/docker_engines.hpp"
#include "tests/support/network_namespace.hpp"
#include "tests/support/parity.hpp"
#include "tests/support/prometheus_server.hpp"
#include "tests/support/swarm_sd_daemon.hpp"

namespace swarmsd {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using testing::label_map;

// Groups (or discovered targets) by task ID, the target as `__address__`.
std::map<std::string, label_map> by_task(const json::array& groups, std::string_view id_label) {
    std::map<std::string, label_map> out;
    for (const auto& g : groups) {
        label_map labels;
        for (const auto& [k, v] : g.at("labels").as_object())
            labels.emplace(std::string(k), std::string(v.as_string()));
        if (const auto* targets = g.as_object().if_contains("targets"))
            labels["__address__"] = std::string(targets->at(0).as_string());
        if (labels.contains(std::string(id_label))) out[labels.at(std::string(id_label))] = labels;
    }
    return out;
}

// Prometheus' kept targets of `job`, by task ID.
std::map<std::string, label_map> discovered_tasks(const std::string& api_answer,
                                                  const std::string& job) {
    json::array groups;
    auto answer = json::parse(api_answer);
    for (const auto& t : answer.at("data").at("activeTargets").as_array()) {
        const auto& labels = t.at("discoveredLabels").as_object();
        if (labels.at("job") != job.c_str()) continue;
        groups.push_back(json::object{{"labels", labels}});
    }
    return by_task(groups, "__meta_dockerswarm_task_id");
}

// Every task, service, container, network and node label Prometheus has, against swarm-sd's of
// the same name with `__meta_swarm_`; and the target. One line per difference.
std::vector<std::string> differences(const label_map& theirs, const label_map& ours,
                                     std::size_t& compared) {
    constexpr std::string_view prefix = "__meta_dockerswarm_";
    std::vector<std::string> out;
    for (const auto& [name, value] : theirs) {
        if (!name.starts_with(prefix)) continue;
        auto suffix = name.substr(prefix.size());
        if (suffix == "node_engine_version") suffix = "node_server_version";
        auto mine = ours.find("__meta_swarm_" + suffix);
        ++compared;
        if (mine == ours.end()) {
            out.push_back("swarm-sd has no __meta_swarm_" + suffix);
        } else if (mine->second != value) {
            out.push_back(name + ": " + value + " vs " + mine->second);
        }
    }
    if (theirs.at("__address__") != ours.at("__address__"))
        out.push_back("target: " + theirs.at("__address__") + " vs " + ours.at("__address__"));
    return out;
}

// A swarm of `nodes` engines (node-1 the manager) running the global service `mon_cadvisor` on
// the overlay network `monitoring`: a busybox `httpd` on port 8080 in every task.
class TasksOnRealEngines : public ::testing::Test {
  protected:
    void start(int nodes, testing::engine_network network) {
        if (auto why = testing::docker_engines::missing()) {
            if (testing::tools_required()) FAIL() << *why;
            GTEST_SKIP() << *why;
        }
        if (!std::filesystem::exists("/bin/busybox")) {
            if (testing::tools_required()) FAIL() << "/bin/busybox (busybox-static) not found";
            GTEST_SKIP() << "/bin/busybox (busybox-static) not found";
        }
        engines = std::make_unique<testing::docker_engines>(network);
        auto& leader = engines->start("node-1", {"zone=eu-1"});
        engines->init_swarm(leader);
        engines->import_busybox_httpd(leader, "busyhttpd:test");
        for (int n = 2; n <= nodes; ++n) {
            auto& e = engines->start(fmt::format("node-{}", n));
            engines->join(e, leader);
            engines->import_busybox_httpd(e, "busyhttpd:test");  // each engine its own
        }
        engines->must(leader, {"network", "create", "--driver", "overlay", "--attachable",
                               "--label", "team=ops", "monitoring"});
        std::vector<std::string> service{"service",
                                         "create",
                                         "--detach",
                                         "--name",
                                         "mon_cadvisor",
                                         "--mode",
                                         "global",
                                         "--network",
                                         "monitoring",
                                         "--label",
                                         "tier=mon",
                                         "--container-label",
                                         "com.example.part=exporter",
                                         "busyhttpd:test",
                                         "httpd",
                                         "-f",
                                         "-p",
                                         "8080",
                                         "-h",
                                         "/www"};
        engines->must(leader, service);
        auto running = [&] {
            auto ps = engines->docker(leader, {"service", "ps", "--filter", "desired-state=running",
                                               "--format", "{{.CurrentState}}", "mon_cadvisor"});
            long count = 0;
            for (std::size_t at = 0; (at = ps.out.find("Running", at)) != std::string::npos; ++at)
                ++count;
            return count;
        };
        ASSERT_TRUE(testing::eventually([&] { return running() == nodes; }, 90s))
            << engines->docker(leader, {"service", "ps", "--no-trunc", "mon_cadvisor"}).out;
    }

    // Prometheus' dockerswarm_sd (`role: tasks`, kept to running tasks on `monitoring` by
    // relabelling, as its guide does) and `swarm-sd --print --tasks.service` on the same manager:
    // `tasks` tasks each, every label and target equal. The nodes swarm-sd's tasks run on.
    std::set<std::string> compare_with_prometheus(std::size_t tasks) {
        std::set<std::string> hosts;
        auto binary = testing::find_prometheus();
        if (!binary) {
            if (testing::tools_required()) ADD_FAILURE() << "prometheus not found";
            return hosts;
        }
        auto& leader = engines->engine("node-1");
        auto config = fmt::format(
            "global:\n  scrape_interval: 1h\nscrape_configs:\n  - job_name: tasks\n"
            "    dockerswarm_sd_configs:\n      - host: {}\n        role: tasks\n"
            "        port: 8080\n        refresh_interval: 1s\n"
            "    relabel_configs:\n"
            "      - source_labels: [__meta_dockerswarm_task_desired_state, "
            "__meta_dockerswarm_task_state]\n        regex: running;running\n"
            "        action: keep\n"
            "      - source_labels: [__meta_dockerswarm_network_name]\n        regex: monitoring\n"
            "        action: keep\n",
            leader.socket);
        testing::prometheus_server prometheus(*binary, config);
        EXPECT_TRUE(prometheus.wait_ready()) << prometheus.log();
        std::map<std::string, label_map> theirs;
        EXPECT_TRUE(testing::eventually(
            [&] {
                auto answer = prometheus.get("/api/v1/targets");
                if (answer) theirs = discovered_tasks(*answer, "tasks");
                return theirs.size() == tasks;
            },
            20s))
            << prometheus.get("/api/v1/targets").value_or("");
        auto run = testing::run_swarm_sd(
            {"--print", "--master", leader.socket, "--tasks.service", "mon_cadvisor:8080"});
        EXPECT_EQ(run.exit_code, 0) << run.err;
        auto document = json::parse(run.out);
        auto ours = by_task(document.as_array(), "__meta_swarm_task_id");
        EXPECT_EQ(ours.size(), tasks) << run.out;
        for (const auto& [id, their_labels] : theirs) {
            if (!ours.contains(id)) {
                ADD_FAILURE() << "swarm-sd lacks task " << id;
                continue;
            }
            const auto& mine = ours.at(id);
            hosts.insert(mine.at("__meta_swarm_node_hostname"));
            std::size_t compared = 0;
            auto different = differences(their_labels, mine, compared);
            EXPECT_TRUE(different.empty()) << id << ": " << ::testing::PrintToString(different);
            EXPECT_GE(compared, 20u) << "task, service, network and node labels";
            std::cout << fmt::format("  task on {} {:<16} {} labels compared, {}\n",
                                     mine.at("__meta_swarm_node_hostname"), mine.at("__address__"),
                                     compared, different.empty() ? "all equal" : "DIFFERENT");
        }
        return hosts;
    }

    // A real Prometheus scrapes the exporters through swarm-sd's `/targets?service=`, both
    // running where Prometheus runs in a stack: on the overlay network (here, in the network
    // namespace of node-1's exporter task). Every target is up, at each task's overlay address.
    void scrape_through_targets(std::size_t tasks) {
        auto binary = testing::find_prometheus();
        if (!binary) {
            if (testing::tools_required()) ADD_FAILURE() << "prometheus not found";
            return;
        }
        auto& leader = engines->engine("node-1");
        auto container = engines->must(
            leader, {"ps", "-q", "--filter", "label=com.docker.swarm.service.name=mon_cadvisor"});
        container = container.substr(0, container.find('\n'));
        auto pid = std::stoi(engines->must(leader, {"inspect", "-f", "{{.State.Pid}}", container}));
        testing::web_daemon swarm_sd;
        std::unique_ptr<testing::prometheus_server> prometheus;
        testing::in_network_namespace_of(pid, [&] {
            swarm_sd = testing::start_web_daemon(
                {"--master", leader.socket, "--tasks.service", "mon_cadvisor:8080"});
            if (swarm_sd.port == 0) return;
            prometheus = std::make_unique<testing::prometheus_server>(
                *binary,
                fmt::format("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                            "scrape_configs:\n  - job_name: exporters\n"
                            "    http_sd_configs:\n"
                            "      - url: http://127.0.0.1:{}/targets?service=mon_cadvisor\n"
                            "        refresh_interval: 1s\n",
                            swarm_sd.port));
        });
        ASSERT_NE(swarm_sd.port, 0) << swarm_sd.process->err();
        std::map<std::string, testing::active_target> scraped;
        auto all_up = [&] {
            testing::in_network_namespace_of(
                pid, [&] { scraped = prometheus->active_targets("exporters"); });
            return scraped.size() == tasks &&
                   std::all_of(scraped.begin(), scraped.end(),
                               [](const auto& t) { return t.second.health == "up"; });
        };
        EXPECT_TRUE(testing::eventually(all_up, 30s))
            << ::testing::PrintToString(scraped.size()) << " targets\n"
            << prometheus->log() << swarm_sd.process->err();
        for (const auto& [instance, target] : scraped) {
            EXPECT_TRUE(instance.starts_with("10.0.") && instance.ends_with(":8080")) << instance;
            EXPECT_EQ(target.labels.at("job"), "exporters");
            std::cout << fmt::format("  scraped {} through /targets: {}\n", instance,
                                     target.health);
        }
    }

    std::unique_ptr<testing::docker_engines> engines;  // stopped, whatever happened, at the end
};

class RealTasks : public TasksOnRealEngines {
  protected:
    void SetUp() override { start(1, testing::engine_network::shared); }
};

class RealTasksOnEveryNode : public TasksOnRealEngines {
  protected:
    void SetUp() override { start(3, testing::engine_network::bridged); }
};

TEST_F(RealTasks, ARunningTaskIsATargetAtItsOverlayAddressWithItsNodesLabels) {
    auto& e = engines->engine("node-1");
    auto run = testing::run_swarm_sd(
        {"--print", "--master", e.socket, "--tasks.service", "mon_cadvisor:8080"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    auto document = json::parse(run.out);
    auto ours = by_task(document.as_array(), "__meta_swarm_task_id");
    ASSERT_EQ(ours.size(), 1u) << run.out;
    const auto& task = ours.begin()->second;
    EXPECT_TRUE(task.at("__address__").starts_with("10.0.")) << task.at("__address__");
    EXPECT_TRUE(task.at("__address__").ends_with(":8080")) << task.at("__address__");
    EXPECT_EQ(task.at("__meta_swarm_role"), "task");
    EXPECT_EQ(task.at("__meta_swarm_network_name"), "monitoring");
    EXPECT_EQ(task.at("__meta_swarm_network_label_team"), "ops");
    EXPECT_EQ(task.at("__meta_swarm_service_label_tier"), "mon");
    EXPECT_EQ(task.at("__meta_swarm_container_label_com_example_part"), "exporter");
    EXPECT_EQ(task.at("__meta_swarm_node_hostname"), "node-1");
    EXPECT_EQ(task.at("__meta_swarm_node_engine_label_zone"), "eu-1");
}

TEST_F(RealTasks, SameTargetsAndLabelsAsPrometheusDockerswarmSdRoleTasks) {
    compare_with_prometheus(1);
}

// One swarm of three engines for both checks: starting it is most of the test's time.
TEST_F(RealTasksOnEveryNode, EveryNodesTaskIsATargetAsPrometheusSeesItAndIsScrapedThroughTargets) {
    auto hosts = compare_with_prometheus(3);
    EXPECT_EQ(hosts, (std::set<std::string>{"node-1", "node-2", "node-3"}))
        << "one exporter on every node, each with its node's labels";
    scrape_through_targets(3);
}

}  // namespace
}  // namespace swarmsd
