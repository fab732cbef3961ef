// swarm-sd-demo-master: a classic Swarm master that answers GET /info with a three-node
// cluster, so that swarm-sd can be tried without a Swarm. Loopback only by default.
#include <fmt/format.h>

#include <csignal>
#include <cstdlib>
#include <string>
#include <thread>

#include "tests/fake_master/fake_master.hpp"

int main(int argc, char** argv) {
    std::string listen = argc > 1 ? argv[1] : "127.0.0.1:4000";
    if (listen == "--help" || argc > 2) {
        fmt::print("usage: swarm-sd-demo-master [ADDRESS:PORT]   (default 127.0.0.1:4000)\n");
        return listen == "--help" ? 0 : 2;
    }
    auto colon = listen.rfind(':');
    if (colon == std::string::npos) {
        fmt::print(stderr, "swarm-sd-demo-master: want ADDRESS:PORT, got \"{}\"\n", listen);
        return 2;
    }
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    // Blocked before the server thread starts, so only sigwait below sees them.
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    try {
        swarmsd::testing::fake_master master(
            swarmsd::testing::classic_info({{"swarm-node-01", "10.0.0.11:2375"},
                                            {"swarm-node-02", "10.0.0.12:2375"},
                                            {"swarm-node-03", "10.0.0.13:2375"}}),
            static_cast<std::uint16_t>(std::atoi(listen.c_str() + colon + 1)), listen.substr(0, colon));
        fmt::print(stderr, "swarm-sd-demo-master: serving a 3-node classic Swarm on http://{}/info\n", listen);
        int signal = 0;
        sigwait(&stop_signals, &signal);
    } catch (const std::exception& e) {
        fmt::print(stderr, "swarm-sd-demo-master: cannot listen on {}: {}\n", listen, e.what());
        return 1;
    }
    return 0;
}
