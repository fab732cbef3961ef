#include "swarm/config/command_line.hpp"

#include <fmt/format.h>

#include <boost/program_options/parsers.hpp>
#include <boost/program_options/variables_map.hpp>

#include "swarm/config/duration.hpp"
#include "swarm/config/flag_values.hpp"
#include "swarm/config/flags.hpp"

namespace swarmsd::config {
namespace po = boost::program_options;
namespace {

using environment_map = std::map<std::string, std::string>;

std::string variable(const environment_map& environment, const char* name) {
    auto found = environment.find(name);
    return found == environment.end() ? std::string() : found->second;
}

// `--flag=` with nothing after it is refused by program_options; `--flag ""` is not, and means
// the same: an empty value (`--web.listen-address=` turns the web server off).
std::vector<std::string> with_empty_values_split(const std::vector<std::string>& args) {
    std::vector<std::string> out;
    for (const auto& arg : args) {
        if (arg.starts_with("--") && arg.size() > 3 && arg.back() == '=') {
            out.push_back(arg.substr(0, arg.size() - 1));
            out.emplace_back();
        } else {
            out.push_back(arg);
        }
    }
    return out;
}

po::parsed_options parse_args(const po::options_description& flags,
                              const std::vector<std::string>& args) {
    return po::command_line_parser(with_empty_values_split(args))
        .options(flags)
        .style(po::command_line_style::unix_style ^ po::command_line_style::allow_guessing)
        .run();
}

bool truth_of(const std::string& var, const std::string& value) {
    if (value == "true" || value == "1" || value == "yes") return true;
    if (value == "false" || value == "0" || value == "no" || value.empty()) return false;
    throw usage_error(fmt::format("{}={}: want true or false", var, value));
}

// One SWARM_SD_* variable as program_options would read it from the environment (what
// po::parse_environment does, over the map main hands us, so that tests need no setenv).
// Switches take true/false; --label takes several labels, comma-separated.
std::optional<po::option> environment_option(const po::option_description& flag,
                                             const std::string& var, const std::string& value) {
    po::option option(flag.long_name(), {value});
    if (flag.semantic()->max_tokens() == 0) {
        if (!truth_of(var, value)) return std::nullopt;
        option.value = {"true"};
    } else if (flag.long_name() == "label") {
        option.value.clear();
        for (std::size_t start = 0; start <= value.size();) {
            auto comma = std::min(value.find(',', start), value.size());
            if (comma > start) option.value.push_back(value.substr(start, comma - start));
            start = comma + 1;
        }
    }
    return option;
}

// The environment after the command line: store() keeps what the command line gave, so the
// command line wins. Each variable is stored alone, so that an error names it.
void store_environment(const po::options_description& flags, const environment_map& environment,
                       po::variables_map& vm) {
    std::map<std::string, const po::option_description*> by_variable;
    for (const auto& flag : flags.options())
        by_variable[environment_name(flag->long_name())] = flag.get();
    for (const auto& [var, value] : environment) {
        if (!var.starts_with("SWARM_SD_")) continue;
        auto found = by_variable.find(var);
        if (found == by_variable.end())
            throw usage_error(fmt::format("unknown environment variable {}", var));
        auto option = environment_option(*found->second, var, value);
        if (!option) continue;
        po::parsed_options one(&flags);
        one.options.push_back(*option);
        try {
            po::store(one, vm);
        } catch (const invalid_flag_value& e) {
            throw usage_error(fmt::format("{}={}: {}", var, value, e.why));
        } catch (const po::error& e) {
            throw usage_error(fmt::format("{}={}: {}", var, value, e.what()));
        }
    }
}

// https:// masters always speak TLS; tcp:// and h:p ones when any --tls.* flag or
// DOCKER_TLS_VERIFY says so, as the Docker CLI's do.
void decide_tls(const po::variables_map& vm, const environment_map& environment, settings& s) {
    bool flagged = s.tls.insecure_skip_verify;
    for (const char* flag : {"tls.ca-file", "tls.cert-file", "tls.key-file", "tls.server-name"})
        flagged = flagged || vm.count(flag) > 0;
    bool configured = flagged || !variable(environment, "DOCKER_TLS_VERIFY").empty();
    bool any_tls = false;
    for (auto& m : s.masters) {
        if (configured && tls_when_configured(m)) m.tls = true;
        any_tls = any_tls || m.tls;
    }
    if (!any_tls && flagged) {
        throw usage_error(
            "--tls.* given, but no master speaks TLS: use https:// or tcp:// masters");
    }
    // Docker's own variables: DOCKER_CERT_PATH (default ~/.docker with DOCKER_TLS_VERIFY) holds
    // ca.pem, cert.pem and key.pem for what the --tls.* flags leave out.
    s.tls.docker_cert_path = variable(environment, "DOCKER_CERT_PATH");
    s.tls.docker_cert_path_given = !s.tls.docker_cert_path.empty();
    if (!s.tls.docker_cert_path_given && !variable(environment, "DOCKER_TLS_VERIFY").empty() &&
        !variable(environment, "HOME").empty()) {
        s.tls.docker_cert_path = variable(environment, "HOME") + "/.docker";
    }
}

// As the Docker CLI: $DOCKER_HOST, else the local engine's socket.
master_url docker_default_master(const environment_map& environment) {
    auto host = variable(environment, "DOCKER_HOST");
    if (host.empty()) return parse_master_url(default_docker_socket);
    try {
        return parse_master_url(host);
    } catch (const std::invalid_argument& e) {
        throw usage_error(fmt::format("DOCKER_HOST={}: {}", host, e.what()));
    }
}

// The flags a cluster of `--config.file` sets for itself.
constexpr std::string_view cluster_flags[] = {
    "master",        "mode",          "cadvisor.port",          "refresh-interval",
    "events",        "timeout",       "max-body-size",          "max-nodes",
    "tasks.service", "tasks.network", "tasks.refresh-interval", "tls.ca-file",
    "tls.cert-file", "tls.key-file",  "tls.server-name",        "tls.insecure-skip-verify",
    "label"};

// With `--config.file` each cluster's settings come from the file alone: a cluster flag (or its
// variable) would be ambiguous (for which cluster?), so it is refused, named.
void refuse_cluster_flags(const po::variables_map& vm, const environment_map& environment) {
    for (auto flag : cluster_flags) {
        auto name = std::string(flag);
        auto given = vm.find(name);
        if (given == vm.end() || given->second.defaulted()) continue;
        auto var = environment_name(name);
        auto what = environment.contains(var) ? var : "--" + name;
        throw usage_error(fmt::format(
            "{} and --config.file do not go together: each cluster's settings are in the file",
            what));
    }
}

void check_cluster_file_flags(const settings& s) {
    if (s.config_file.empty()) {
        if (s.config_check)
            throw usage_error("--config.check without --config.file: nothing to check");
        if (!s.output_dir.empty())
            throw usage_error(
                "--output.dir without --config.file: use --output.file for one cluster");
        return;
    }
    if (s.print && !s.output_dir.empty())
        throw usage_error("--print and --output.dir do not go together: --print writes no file");
}

void check_consistency(const settings& s) {
    check_cluster_file_flags(s);
    if (s.config_file.empty() && s.health_stale_after &&
        *s.health_stale_after < s.refresh_interval) {
        throw usage_error(fmt::format(
            "--health.stale-after: {} is shorter than --refresh-interval {}: /healthz would fail "
            "between two good polls",
            format_duration(*s.health_stale_after), format_duration(s.refresh_interval)));
    }
    if (!s.tasks.services.empty() && s.mode == discovery_mode::classic) {
        throw usage_error(
            "--tasks.service and --mode classic do not go together: a classic Swarm has no "
            "services (use --mode swarm or auto)");
    }
    if (s.tasks.services.empty() && !s.tasks.network.empty())
        throw usage_error("--tasks.network without --tasks.service: it picks the tasks' network");
    if (s.healthcheck) return;  // asks a daemon; what that daemon serves is its own business
    if (s.config_check) return;
    if (!s.print && s.output_file.empty() && s.output_dir.empty() && !s.web.listen) {
        throw usage_error(
            "nothing to serve: give --output.file, --web.listen-address or both (or --print for "
            "one poll)");
    }
    if (s.print && !s.output_file.empty())
        throw usage_error("--print and --output.file do not go together: --print writes no file");
}

}  // namespace

std::string version_text() {
    return fmt::format(
        "swarm-sd, version {} (branch: {}, revision: {})\n"
        "  build date:       {}\n"
        "  compiler:         {}\n"
        "  platform:         {}\n",
        SWARMSD_VERSION, SWARMSD_BRANCH, SWARMSD_REVISION, SWARMSD_BUILD_DATE, SWARMSD_COMPILER,
        SWARMSD_PLATFORM);
}

command parse_command_line(const std::vector<std::string>& args,
                           const environment_map& environment) {
    command cmd;
    auto flags = describe_flags(cmd.settings);
    po::variables_map vm;
    try {
        auto parsed = parse_args(flags, args);
        for (const auto& option : parsed.options) {
            if (option.position_key >= 0) {
                throw usage_error(fmt::format(
                    "unexpected argument \"{}\": swarm-sd takes flags only",
                    option.original_tokens.empty() ? "" : option.original_tokens.front()));
            }
        }
        po::store(parsed, vm);
        if (vm["help"].as<bool>()) return {command::action::help, {}, help_text(flags)};
        if (vm["version"].as<bool>()) return {command::action::version, {}, version_text()};
        store_environment(flags, environment, vm);
        po::notify(vm);
    } catch (const invalid_flag_value& e) {
        throw usage_error(fmt::format("{}: {}", e.get_option_name(), e.why));
    } catch (const po::error& e) {
        throw usage_error(e.what());
    }
    auto& s = cmd.settings;
    if (!s.config_file.empty()) {
        refuse_cluster_flags(vm, environment);
        check_consistency(s);
        return cmd;
    }
    if (s.masters.empty()) s.masters.push_back(docker_default_master(environment));
    decide_tls(vm, environment, s);
    check_consistency(s);
    return cmd;
}

}  // namespace swarmsd::config
