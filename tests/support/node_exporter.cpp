#include "tests/support/node_exporter.hpp"

#include <cstdlib>

namespace swarmsd::testing {

std::optional<std::filesystem::path> find_node_exporter() {
    if (const char* named = std::getenv("SWARMSD_NODE_EXPORTER"))
        return std::filesystem::path(named);
    for (const char* dir : {"/usr/bin", "/usr/local/bin"}) {
        auto candidate = std::filesystem::path(dir) / "prometheus-node-exporter";
        if (std::filesystem::exists(candidate)) return candidate;
    }
    return std::nullopt;
}

node_exporter::node_exporter(const std::filesystem::path& binary, const std::string& address,
                             std::uint16_t port)
    : address_(address + ":" + std::to_string(port)),
      process_(child_process::tied_to_test, binary.string(),
               {"--web.listen-address=" + address_, "--collector.disable-defaults",
                "--collector.loadavg", "--collector.meminfo", "--collector.time"}) {}

bool node_exporter::wait_listening(std::chrono::milliseconds limit) {
    const std::string line = "msg=\"Listening on\" address=" + address_;
    return eventually([&] { return log().find(line) != std::string::npos; }, limit);
}

}  // namespace swarmsd::testing
