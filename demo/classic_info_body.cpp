#include "demo/classic_info_body.hpp"

#include <fmt/format.h>

namespace swarmsd::testing {

std::string classic_info_body(const std::vector<std::pair<std::string, std::string>>& nodes) {
    std::string rows = fmt::format(
        R"j(["Role","primary"],["Strategy","spread"],["Filters","health, port, containerslots, dependency, affinity, constraint, whitelist"],["Nodes","{}"])j",
        nodes.size());
    int i = 0;
    for (const auto& [name, address] : nodes) {
        ++i;
        rows += fmt::format(
            R"j(,[" {0}","{1}"],["  └ ID","N{2:03}A:7QKD:3XWM:PL5T:RJ2E:ZB6H:Y4OC:GS9V:UF3N:KD8I:MW2Q:E5TA|{1}"],)j"
            R"j(["  └ Status","Healthy"],["  └ Containers","{2} ({2} Running, 0 Paused, 0 Stopped)"],)j"
            R"j(["  └ Reserved CPUs","1 / 4"],["  └ Reserved Memory","1 GiB / 7.786 GiB"],)j"
            R"j(["  └ Labels","kernelversion=4.9.0-8-amd64, operatingsystem=Debian GNU/Linux 9 (stretch), ostype=linux, storagedriver=overlay2, zone=zone-{3}"],)j"
            R"j(["  └ UpdatedAt","2018-03-14T09:26:5{4}Z"],["  └ ServerVersion","17.12.1-ce"])j",
            name, address, i, static_cast<char>('a' + (i - 1) % 3), i % 10);
    }
    return fmt::format(R"j({{"ID":"","Containers":{},"Driver":"","SystemStatus":[{}],)j"
                       R"j("ServerVersion":"swarm/1.2.8","Name":"swarm-demo"}})j",
                       nodes.size(), rows);
}

}  // namespace swarmsd::testing

namespace swarmsd::testing {

std::vector<std::pair<std::string, std::string>> numbered_nodes(std::size_t count) {
    std::vector<std::pair<std::string, std::string>> nodes;
    nodes.reserve(count);
    for (std::size_t i = 1; i <= count; ++i) {
        nodes.emplace_back(
            fmt::format("node-{:05}", i),
            fmt::format("10.{}.{}.{}:2375", i / 65536 % 256, i / 256 % 256, i % 256));
    }
    return nodes;
}

}  // namespace swarmsd::testing
