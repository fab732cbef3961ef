// swarm-sd: parse flags, build the objects, run.
#include <fmt/format.h>

#include <csignal>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "output/targets_file.hpp"
#include "swarm/config/command_line.hpp"
#include "swarm/daemon.hpp"
#include "swarm/healthcheck.hpp"
#include "swarm/malloc_policy.hpp"
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

int usage_error(const char* what) {
    fmt::print(stderr, "swarm-sd: {} (see swarm-sd --help)\n", what);
    return 2;
}

// `--config.check`: the file was read well.
int config_checked(const swarmsd::config::settings& settings,
                   const std::vector<swarmsd::swarm::cluster_spec>& clusters) {
    std::string names;
    for (const auto& c : clusters) names += (names.empty() ? "" : ", ") + c.config.name;
    fmt::print("{}: good: {} cluster{} ({})\n", settings.config_file, clusters.size(),
               clusters.size() == 1 ? "" : "s", names);
    return 0;
}

// An output the daemon could never write (`--output.file` a directory, a missing directory).
std::optional<std::string> unusable_output(const swarmsd::config::settings& settings) {
    using swarmsd::output::targets_file;
    if (settings.print) return std::nullopt;
    if (!settings.output_file.empty()) {
        if (auto why = targets_file::unusable(settings.output_file))
            return "--output.file " + settings.output_file + ": " + *why;
    }
    if (!settings.output_dir.empty()) {
        if (auto why = targets_file::unusable(settings.output_dir + "/.swarm-sd-probe"))
            return "--output.dir " + settings.output_dir + ": " + *why;
    }
    return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace swarmsd;
    // A reader that goes away (swarm-sd --print | head) must not kill us mid-write.
    std::signal(SIGPIPE, SIG_IGN);
    swarm::set_malloc_policy();
    std::vector<std::string> args(argv + 1, argv + argc);
    auto variables = environment();
    // A container's HEALTHCHECK runs `swarm-sd --healthcheck` beside the daemon, which is PID 1:
    // it checks that daemon as that daemon was configured, flags included.
    if (args == std::vector<std::string>{"--healthcheck"}) {
        if (auto daemon = swarm::same_program_invocation(1)) {
            args = daemon->args;
            args.emplace_back("--healthcheck");
            variables = daemon->environment;
        }
    }
    config::command cmd;
    try {
        cmd = config::parse_command_line(args, variables);
    } catch (const config::usage_error& e) {
        return usage_error(e.what());
    }
    if (cmd.what != config::command::action::run) {
        fmt::print("{}", cmd.text);
        return 0;
    }
    const auto& settings = cmd.settings;
    // Start-up: the files the settings name (the clusters, certificates, keys, the web
    // configuration).
    std::vector<swarm::cluster_spec> clusters;
    web::web_security security;
    try {
        if (!settings.web.config_file.empty())
            security = web::load_web_config(settings.web.config_file);
        if (settings.healthcheck)
            return swarm::run_healthcheck(settings, security.tls != nullptr, stdout);
        clusters = swarm::load_clusters(settings);
    } catch (const std::invalid_argument& e) {
        return usage_error(e.what());
    } catch (const swarm::configuration_error& e) {
        fmt::print(stderr, "swarm-sd: {}\n", e.what());
        return 2;
    }
    if (settings.config_check) return config_checked(settings, clusters);
    if (auto why = unusable_output(settings)) return usage_error(why->c_str());
    telemetry::logger log(settings.level, settings.format);
    if (settings.print) return swarm::print_once(clusters, log, stdout);
    return swarm::run_daemon(settings, std::move(clusters), std::move(security), log);
}
