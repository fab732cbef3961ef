#include "tests/support/swarm_sd_daemon.hpp"

#include <charconv>

namespace swarmsd::testing {

web_daemon start_web_daemon(std::vector<std::string> args,
                            const std::map<std::string, std::string>& env) {
    args.insert(args.end(), {"--web.listen-address", "127.0.0.1:0"});
    web_daemon d{std::make_unique<child_process>(swarm_sd_binary(), args, env), 0};
    // Both log formats spell the address `127.0.0.1:PORT` right after the words below.
    const std::string marker = "web server listening";
    const std::string address = "127.0.0.1:";
    eventually([&] {
        auto log = d.process->err();
        auto at = log.find(marker);
        if (at == std::string::npos) return false;
        at = log.find(address, at);
        if (at == std::string::npos) return false;
        const char* first = log.data() + at + address.size();
        std::from_chars(first, log.data() + log.size(), d.port);
        return true;
    });
    return d;
}

}  // namespace swarmsd::testing
