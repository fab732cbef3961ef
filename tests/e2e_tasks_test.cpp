// Targets from service tasks (--tasks.service), run as a user runs it, against a fake swarm-mode
// manager that lists services and tasks as a real Engine does.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <mutex>

#include "demo/fake_master.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/file_sd_reading.hpp"
#include "tests/support/http_get.hpp"
#include "tests/support/swarm_sd_daemon.hpp"
#include "tests/support/temp_dir.hpp"

namespace swarmsd {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using testing::fake_master;

// One task as `GET /tasks` lists it: on the overlay network `monitoring` at `address`.
json::object task_json(const std::string& id, const std::string& service_id,
                       const std::string& hostname, const std::string& address,
                       const std::string& state = "running") {
    return {
        {"ID", id},
        {"ServiceID", service_id},
        {"NodeID", testing::swarm_node_id(hostname)},
        {"DesiredState", "running"},
        {"Spec", {{"ContainerSpec", {{"Image", "cadvisor"}, {"Labels", {{"app", "mon"}}}}}}},
        {"Status",
         {{"State", state}, {"ContainerStatus", {{"ContainerID", "c" + id}}}, {"PortStatus", {}}}},
        {"NetworksAttachments",
         json::array{
             {{"Network",
               {{"ID", "ingressnet"}, {"Spec", {{"Name", "ingress"}, {"Ingress", true}}}}},
              {"Addresses", json::array{"10.255.0.9/16"}}},
             {{"Network", {{"ID", "mon1"}, {"Spec", {{"Name", "monitoring"}, {"Scope", "swarm"}}}}},
              {"Addresses", json::array{address}}}}},
    };
}

// A manager of `testing::small_swarm()` that also knows services and their tasks, which the test
// may change while swarm-sd follows it.
class task_master {
  public:
    task_master() : master_(testing::reply{}) {
        testing::make_engine(master_, testing::engine_role::manager, testing::small_swarm());
        master_.set_services(testing::answer_with{[this](std::string_view target) {
            std::lock_guard lock(mutex_);
            auto name = std::string(target.substr(target.rfind('/') + 1));
            for (const auto& [id, service] : services_) {
                if (service == name || id == name) {
                    return testing::reply{
                        200,
                        json::serialize(json::object{
                            {"ID", id},
                            {"Spec", {{"Name", service}, {"Mode", {{"Global", json::object{}}}}}},
                            {"Endpoint", json::object{}}})};
                }
            }
            return testing::reply{404,
                                  fmt::format(R"({{"message":"service {} not found"}})", name)};
        }});
        master_.set_tasks(testing::answer_with{[this](std::string_view target) {
            std::lock_guard lock(mutex_);
            json::array out;
            for (const auto& t : tasks_) {
                // The filter names the service by ID, URL-encoded JSON.
                if (target.find(std::string(t.at("ServiceID").as_string())) != target.npos)
                    out.push_back(t);
            }
            return testing::reply{200, json::serialize(out)};
        }});
    }
    fake_master& master() { return master_; }
    void set_tasks(json::array tasks) {
        std::lock_guard lock(mutex_);
        tasks_ = std::move(tasks);
    }

  private:
    std::mutex mutex_;
    std::vector<std::pair<std::string, std::string>> services_{{"svc1", "mon_cadvisor"},
                                                               {"svc2", "mon_node-exporter"}};
    json::array tasks_{task_json("t1", "svc1", "mgr-1", "10.0.1.3/24"),
                       task_json("t2", "svc1", "wrk-1", "10.0.1.4/24"),
                       task_json("t3", "svc1", "wrk-2", "10.0.1.5/24", "shutdown"),
                       task_json("t4", "svc2", "wrk-1", "10.0.1.6/24")};
    fake_master master_;
};

std::vector<std::string> targets_of(const std::string& text) {
    std::vector<std::string> out;
    auto document = json::parse(text);
    for (const auto& g : document.as_array()) out.emplace_back(g.at("targets").at(0).as_string());
    return out;
}

TEST(Tasks, PrintListsEachRunningTaskAtItsOverlayAddressWithItsNodesLabels) {
    task_master m;
    auto run = testing::run_swarm_sd({"--print", "--master", m.master().url(), "--tasks.service",
                                      "mon_cadvisor:8080,mon_node-exporter:9100,mon_gone:1"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(targets_of(run.out),
              (std::vector<std::string>{"10.0.1.3:8080", "10.0.1.4:8080", "10.0.1.6:9100"}));
    auto document = json::parse(run.out);
    const auto& first = document.as_array().at(0).at("labels");
    EXPECT_EQ(first.at("__meta_swarm_role"), "task");
    EXPECT_EQ(first.at("__meta_swarm_node_hostname"), "mgr-1");
    EXPECT_EQ(first.at("__meta_swarm_node_role"), "manager");
    EXPECT_EQ(first.at("__meta_swarm_service_name"), "mon_cadvisor");
    EXPECT_EQ(first.at("__meta_swarm_network_name"), "monitoring");
    EXPECT_EQ(first.at("__meta_swarm_container_label_app"), "mon");
    EXPECT_NE(run.err.find("service mon_gone not found: no targets for it"), std::string::npos)
        << run.err;
}

TEST(Tasks, BadTaskFlagsExitTwoWithOneLineNamingThem) {
    struct row {
        std::vector<std::string> args;
        std::string named;
    };
    const row rows[] = {
        {{"--tasks.service", "cadvisor"}, "--tasks.service"},
        {{"--tasks.service", "cadvisor:http"}, "--tasks.service"},
        {{"--tasks.service", "cadvisor:8080", "--mode", "classic"}, "--mode classic"},
        {{"--tasks.network", "monitoring"}, "--tasks.network"},
        {{"--tasks.service", "a:1", "--tasks.refresh-interval", "often"},
         "--tasks.refresh-interval"},
    };
    for (const auto& r : rows) {
        auto args = r.args;
        args.insert(args.begin(), {"--print", "--master", "m1:4000"});
        auto run = testing::run_swarm_sd(args);
        EXPECT_EQ(run.exit_code, 2) << r.named;
        EXPECT_EQ(run.out, "");
        EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
        EXPECT_NE(run.err.find(r.named), std::string::npos) << run.err;
    }
}

TEST(Tasks, AClassicMasterIsAFailureSayingTasksNeedSwarmMode) {
    fake_master classic(testing::classic_info({{"n1", "10.0.0.1:2375"}}));
    auto run = testing::run_swarm_sd(
        {"--print", "--master", classic.url(), "--tasks.service", "cadvisor:8080"});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_NE(run.err.find("--tasks.service needs a swarm-mode manager"), std::string::npos)
        << run.err;
}

TEST(Tasks, TheDaemonFollowsTasksOnTheirTimerAndServesEachServiceApart) {
    task_master m;
    testing::temp_dir dir;
    auto file = dir.path() / "tasks.json";
    auto daemon = testing::start_web_daemon({"--master", m.master().url(), "--output.file",
                                             file.string(), "--events=false", "--tasks.service",
                                             "mon_cadvisor:8080,mon_node-exporter:9100",
                                             "--tasks.refresh-interval", "1s"});
    ASSERT_NE(daemon.port, 0) << daemon.process->err();
    auto file_targets = [&] {
        auto text = testing::read_if_exists(file);
        return text ? targets_of(*text) : std::vector<std::string>{};
    };
    ASSERT_TRUE(testing::eventually([&] { return file_targets().size() == 3; }))
        << daemon.process->err();

    // A task moves (a new address), one stops, one starts: within one tasks interval, with no
    // event and long before the resync.
    m.set_tasks({task_json("t1", "svc1", "mgr-1", "10.0.1.13/24"),
                 task_json("t5", "svc1", "wrk-2", "10.0.1.15/24"),
                 task_json("t4", "svc2", "wrk-1", "10.0.1.6/24")});
    auto expected = std::vector<std::string>{"10.0.1.13:8080", "10.0.1.15:8080", "10.0.1.6:9100"};
    EXPECT_TRUE(testing::eventually([&] { return file_targets() == expected; }, 5s))
        << daemon.process->err();

    auto one = testing::http_get(daemon.port, "/targets?service=mon_node-exporter");
    ASSERT_TRUE(one);
    EXPECT_EQ(one->status, 200u);
    EXPECT_EQ(targets_of(one->body), std::vector<std::string>{"10.0.1.6:9100"});
    auto by_id = testing::http_get(daemon.port, "/targets?service=svc1");
    ASSERT_TRUE(by_id);
    EXPECT_EQ(by_id->status, 404u) << "a service by the name it was given, or its own name";
    auto unknown = testing::http_get(daemon.port, "/targets?service=nope");
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->status, 404u);
    EXPECT_NE(unknown->body.find("nope"), std::string::npos);
    auto all = testing::http_get(daemon.port, "/targets");
    ASSERT_TRUE(all);
    EXPECT_EQ(targets_of(all->body), expected);
    auto metrics = testing::http_get(daemon.port, "/metrics");
    ASSERT_TRUE(metrics);
    EXPECT_NE(metrics->body.find("swarm_sd_targets{role=\"task\"} 3"), std::string::npos);
}

TEST(Tasks, AServiceEventListsTheTasksAtOnce) {
    task_master m;
    m.master().set_events(testing::event_stream{});
    testing::temp_dir dir;
    auto file = dir.path() / "tasks.json";
    auto daemon = testing::start_web_daemon({"--master", m.master().url(), "--output.file",
                                             file.string(), "--tasks.service", "mon_cadvisor:8080",
                                             "--tasks.refresh-interval", "10m"});
    ASSERT_NE(daemon.port, 0) << daemon.process->err();
    ASSERT_TRUE(testing::eventually([&] {
        return testing::read_if_exists(file) && m.master().open_event_streams() == 1;
    })) << daemon.process->err();
    m.set_tasks({task_json("t1", "svc1", "mgr-1", "10.0.1.23/24")});
    m.master().send_event(
        R"({"Type":"service","Action":"update","Actor":{"ID":"svc1","Attributes":{"name":"mon_cadvisor"}},"scope":"swarm","time":1796139138,"timeNano":1796139138333563531})"
        "\n");
    EXPECT_TRUE(testing::eventually(
        [&] {
            auto text = testing::read_if_exists(file);
            return text && targets_of(*text) == std::vector<std::string>{"10.0.1.23:8080"};
        },
        5s))
        << daemon.process->err();
}

}  // namespace
}  // namespace swarmsd
