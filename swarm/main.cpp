// swarm-sd: parse flags, build the objects, run.
#include <fmt/format.h>
#include <malloc.h>

#include <csignal>
#include <map>
#include <string>
#include <vector>

#include "swarm/cli.hpp"
#include "swarm/daemon.hpp"
#include "swarm/healthcheck.hpp"
#include "swarm/print_once.hpp"

extern char** environ;

namespace {

std::map<std::string, std::string> environment() {
    std::map<std::string, std::string> vars;
    for (char** e = environ; e && *e; ++e) {
        std::string entry(*e);
        auto eq = entry.find('=');
        if (eq != std::string::npos) vars.emplace(entry.substr(0, eq), entry.substr(eq + 1));
    }
    return vars;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace swarmsd::swarm;
    // A reader that goes away (swarm-sd --print | head) must not kill us mid-write.
    std::signal(SIGPIPE, SIG_IGN);
    // Answers of a MiB or more get their own mappings, returned to the system when freed. Left
    // to itself glibc raises this threshold after the first large free, and a daemon that once
    // read a 16 MiB answer keeps ~30 MiB resident ever after.
    mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
    command cmd;
    try {
        cmd = parse_command_line(std::vector<std::string>(argv + 1, argv + argc), environment());
    } catch (const usage_error& e) {
        fmt::print(stderr, "swarm-sd: {} (see swarm-sd --help)\n", e.what());
        return 2;
    }
    if (cmd.what != command::action::run) {
        fmt::print("{}", cmd.text);
        return 0;
    }
    if (cmd.settings.healthcheck) return run_healthcheck(cmd.settings, stdout);
    logger log(cmd.settings.level, cmd.settings.format);
    if (cmd.settings.print) return print_once(cmd.settings, log, stdout);
    return run_daemon(cmd.settings, log);
}
