// swarm-sd-demo-master: a classic Swarm master that answers GET /info with a small cluster (or,
// with --swarm, a swarm-mode Docker manager answering /info and /nodes), so that swarm-sd can be
// tried without a Swarm. Loopback only by default.
#include <fmt/format.h>

#include <charconv>
#include <csignal>
#include <memory>
#include <string>

#include "demo/classic_info_body.hpp"
#include "demo/fake_master.hpp"
#include "demo/task_bodies.hpp"

namespace {

constexpr const char* usage =
    "usage: swarm-sd-demo-master [--swarm | --swarm-worker] [ADDRESS:PORT | /SOCKET/PATH [NODES]]\n"
    "Serves a classic Swarm /info listing three nodes (or NODES numbered ones) on ADDRESS:PORT\n"
    "(default 127.0.0.1:4000), or on a unix socket, until SIGINT or SIGTERM. With --swarm it is\n"
    "a swarm-mode Docker manager instead (/info says so, /nodes lists the nodes, NODES of them\n"
    "shaped as a real Engine 20.10 lists them, about 2 KiB each), with a global service\n"
    "demo_cadvisor running a task on every node (/services, /tasks); with\n"
    "--swarm-worker a swarm-mode worker (/nodes answers 503).\n";

bool read_number(const std::string& text, unsigned long& out) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size();
}

}  // namespace

// A global service `demo_cadvisor` with a running task on every node, on the overlay network
// `monitoring` (`--tasks.service demo_cadvisor:8080`).
void serve_demo_service(swarmsd::testing::fake_master& master,
                        const std::vector<swarmsd::testing::swarm_node>& nodes) {
    const std::string id = "demo0cadvisor0service0id0";
    const std::string name = "demo_cadvisor";
    master.set_services(swarmsd::testing::answer_with{[=](std::string_view target) {
        auto asked = target.substr(target.rfind('/') + 1);
        if (asked != name && asked != id)
            return swarmsd::testing::reply{
                404, fmt::format(R"({{"message":"service {} not found"}})", asked)};
        return swarmsd::testing::reply{
            200, fmt::format(R"({{"ID":"{}","Spec":{{"Name":"{}","Labels":{{"tier":"monitoring"}},)"
                             R"("Mode":{{"Global":{{}}}}}},"Endpoint":{{"Spec":{{}}}}}})",
                             id, name)};
    }});
    master.set_tasks(
        swarmsd::testing::reply{200, swarmsd::testing::swarm_tasks_body(nodes, nodes.size(), id)});
}

std::vector<swarmsd::testing::swarm_node> swarm_nodes(int argc, unsigned long count) {
    if (argc == 3) return swarmsd::testing::numbered_swarm_nodes(count, /*realistic=*/true);
    return swarmsd::testing::small_swarm();
}

int main(int argc, char** argv) {
    std::string personality =
        argc > 1 && std::string(argv[1]).starts_with("--swarm") ? argv[1] : "";
    if (!personality.empty()) {
        --argc;
        ++argv;
    }
    bool swarm_mode = personality == "--swarm" || personality == "--swarm-worker";
    std::string listen = argc > 1 ? argv[1] : "127.0.0.1:4000";
    if (listen == "--help" || listen == "-h") {
        fmt::print("{}", usage);
        return 0;
    }
    auto colon = listen.rfind(':');
    bool on_socket = listen.starts_with("/");
    unsigned long port = 0, count = 3;
    bool bad_address = !on_socket && (colon == std::string::npos ||
                                      !read_number(listen.substr(colon + 1), port) || port > 65535);
    if (argc > 3 || bad_address || (argc == 3 && !read_number(argv[2], count)) ||
        (!personality.empty() && !swarm_mode)) {
        fmt::print(stderr, "{}", usage);
        return 2;
    }
    auto nodes = argc == 3 ? swarmsd::testing::numbered_nodes(count)
                           : std::vector<std::pair<std::string, std::string>>{
                                 {"swarm-node-01", "10.0.0.11:2375"},
                                 {"swarm-node-02", "10.0.0.12:2375"},
                                 {"swarm-node-03", "10.0.0.13:2375"}};
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    // Blocked before the server thread starts, so that only sigwait below sees them.
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    try {
        auto classic = swarmsd::testing::classic_info(nodes);
        auto master = on_socket
                          ? std::make_unique<swarmsd::testing::fake_master>(
                                classic, swarmsd::testing::unix_listener{listen})
                          : std::make_unique<swarmsd::testing::fake_master>(
                                classic, static_cast<std::uint16_t>(port), listen.substr(0, colon));
        // A stream that stays open and silent, as a real master's while nothing changes.
        master->set_events(swarmsd::testing::event_stream{});
        if (swarm_mode) {
            auto listed = swarm_nodes(argc, count);
            auto role = personality == "--swarm" ? swarmsd::testing::engine_role::manager
                                                 : swarmsd::testing::engine_role::worker;
            // The service first: a client that sees the nodes finds the tasks too.
            if (role == swarmsd::testing::engine_role::manager) serve_demo_service(*master, listed);
            swarmsd::testing::make_engine(*master, role, listed);
            fmt::print(stderr,
                       "swarm-sd-demo-master: serving a swarm-mode {} of {} nodes at {} (/info, "
                       "/nodes{})\n",
                       role == swarmsd::testing::engine_role::manager ? "manager" : "worker",
                       listed.size(), master->url(),
                       role == swarmsd::testing::engine_role::manager
                           ? ", and the global service demo_cadvisor: /services, /tasks"
                           : "");
        } else {
            fmt::print(stderr, "swarm-sd-demo-master: serving a {}-node classic Swarm at {}/info\n",
                       nodes.size(), master->url());
        }
        int signal = 0;
        sigwait(&stop_signals, &signal);
    } catch (const std::exception& e) {
        fmt::print(stderr, "swarm-sd-demo-master: cannot listen on {}: {}\n", listen, e.what());
        return 1;
    }
    return 0;
}
