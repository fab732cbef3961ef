#include "swarm/cli.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <charconv>
#include <sstream>

#include "output/label_name.hpp"
#include "swarm/byte_size.hpp"
#include "swarm/duration.hpp"

namespace swarmsd::swarm {
namespace po = boost::program_options;
namespace {

constexpr std::string_view env_prefix = "SWARM_SD_";

po::options_description describe_flags() {
    po::options_description flags(
        "Flags (each also read from SWARM_SD_<FLAG>, e.g. SWARM_SD_CADVISOR_PORT)");
    flags.add_options()(
        "master", po::value<std::vector<std::string>>()->composing()->value_name("URL"),
        "master to poll: a classic Swarm manager or a swarm-mode Docker manager; repeat or "
        "comma-separate for several, tried in order with failover: http://h:p, tcp://h:p, h:p or "
        "unix:///var/run/docker.sock")(
        "mode", po::value<std::string>()->default_value("auto")->value_name("MODE"),
        "auto (decided per answer), classic (standalone Swarm's /info node table) or swarm "
        "(Docker swarm mode: /info, then /nodes from a manager)")(
        "cadvisor.port", po::value<std::string>()->default_value("8070")->value_name("N"),
        "port of cAdvisor's /metrics on every node and master")(
        "refresh-interval", po::value<std::string>()->default_value("15s")->value_name("DUR"),
        "time between polls (e.g. 15s, 1m)")(
        "timeout", po::value<std::string>()->default_value("5s")->value_name("DUR"),
        "deadline for one request to one master: resolve, connect, send and read")(
        "max-body-size", po::value<std::string>()->default_value("16MiB")->value_name("SIZE"),
        "largest answer body accepted from a master (e.g. 16MiB); a larger one is a failed "
        "request, read no further (headers are limited to 64KiB)")(
        "max-nodes", po::value<std::string>()->default_value("10000")->value_name("N"),
        "most nodes an answer may list; more is a failed request (a broken or hostile master)")(
        "tls.ca-file", po::value<std::string>()->value_name("PATH"),
        "CA certificates (PEM) to verify masters against (default: the system's, or "
        "$DOCKER_CERT_PATH/ca.pem); any --tls.* flag or DOCKER_TLS_VERIFY makes tcp:// and h:p "
        "masters speak TLS too, as https:// always does")(
        "tls.cert-file", po::value<std::string>()->value_name("PATH"),
        "client certificate (PEM) for masters that demand one (default: "
        "$DOCKER_CERT_PATH/cert.pem)")(
        "tls.key-file", po::value<std::string>()->value_name("PATH"),
        "private key (PEM) of --tls.cert-file (default: $DOCKER_CERT_PATH/key.pem)")(
        "tls.server-name", po::value<std::string>()->value_name("NAME"),
        "name every master's certificate must carry (default: the master's own host)")(
        "tls.insecure-skip-verify", po::bool_switch(),
        "do not verify masters' certificates (encrypted, but anyone can pose as a master)")(
        "output.file", po::value<std::string>()->value_name("PATH"),
        "file_sd JSON file to keep up to date (daemon mode)")(
        "print", po::bool_switch(),
        "poll once, print the file_sd JSON on stdout and exit: 0 when a "
        "master answered well, 1 when none did")(
        "label", po::value<std::vector<std::string>>()->composing()->value_name("K=V"),
        "label added to every target group; repeatable")(
        "web.listen-address",
        po::value<std::string>()
            ->default_value(fmt::format(":{}", default_web_port))
            ->value_name("ADDR"),
        "where to serve /metrics, /healthz and /targets (http_sd): :PORT, IP:PORT or [IPV6]:PORT; "
        "empty turns the web server off (daemon mode only)")(
        "web.read-timeout", po::value<std::string>()->default_value("10s")->value_name("DUR"),
        "deadline for a web client to send a request (idle keep-alive included) and to read the "
        "answer")("web.max-connections",
                  po::value<std::string>()->default_value("64")->value_name("N"),
                  "web clients served at once; more are disconnected at once")(
        "health.stale-after", po::value<std::string>()->value_name("DUR"),
        "/healthz answers 503 once the last good poll is older than this (default: 3 refresh "
        "intervals)")("log.level",
                      po::value<std::string>()->default_value("info")->value_name("LEVEL"),
                      "debug, info, warn or error")(
        "log.format", po::value<std::string>()->default_value("logfmt")->value_name("FORMAT"),
        "logfmt or json; logs go to stderr")(
        "healthcheck", po::bool_switch(),
        "ask the daemon running on --web.listen-address for /healthz, print its answer and exit 0 "
        "when healthy, 1 when not (for a Docker HEALTHCHECK; needs no --master)")(
        "version", po::bool_switch(), "print the version and exit")("help", po::bool_switch(),
                                                                    "print this help and exit");
    return flags;
}

std::string env_name(const std::string& flag) {
    std::string name(env_prefix);
    for (char c : flag) name += (c == '.' || c == '-') ? '_' : static_cast<char>(std::toupper(c));
    return name;
}

bool env_truth(const std::string& var, const std::string& value) {
    if (value == "true" || value == "1" || value == "yes") return true;
    if (value == "false" || value == "0" || value == "no" || value.empty()) return false;
    throw usage_error(fmt::format("{}={}: want true or false", var, value));
}

// Turns SWARM_SD_* variables into `--flag=value` arguments for flags the command line lacks.
std::vector<std::string> env_arguments(const po::options_description& flags,
                                       const po::variables_map& given,
                                       const std::map<std::string, std::string>& environment) {
    std::map<std::string, const po::option_description*> by_env;
    for (const auto& option : flags.options()) by_env[env_name(option->long_name())] = option.get();
    std::vector<std::string> args;
    for (const auto& [var, value] : environment) {
        if (!var.starts_with(env_prefix)) continue;
        auto found = by_env.find(var);
        if (found == by_env.end())
            throw usage_error(fmt::format("unknown environment variable {}", var));
        const auto& flag = found->second->long_name();
        if (given.count(flag) && !given[flag].defaulted()) continue;  // the command line wins
        if (found->second->semantic()->max_tokens() == 0) {
            if (env_truth(var, value)) args.push_back("--" + flag);
        } else if (value.empty()) {
            // `--flag=` with nothing after it is refused; a separate empty argument is not.
            args.insert(args.end(), {"--" + flag, ""});
        } else {
            args.push_back("--" + flag + "=" + value);
        }
    }
    return args;
}

po::variables_map parse_args(const po::options_description& flags,
                             const std::vector<std::string>& args) {
    po::variables_map vm;
    po::store(
        po::command_line_parser(args)
            .options(flags)
            .style(po::command_line_style::unix_style ^ po::command_line_style::allow_guessing)
            .run(),
        vm);
    return vm;
}

template <typename Fn>
auto checked(const char* flag, const std::string& value, Fn read) {
    try {
        return read(value);
    } catch (const std::invalid_argument& e) {
        throw usage_error(fmt::format("--{}: {}", flag, e.what()));
    }
}

// A whole decimal number from 1 to `max`; `what` names it in the error ("a port number").
unsigned read_positive(const std::string& text, unsigned max, std::string_view what) {
    unsigned n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || end != text.data() + text.size() || n == 0 || n > max) {
        throw std::invalid_argument(fmt::format("\"{}\" is not {} from 1 to {}", text, what, max));
    }
    return n;
}

std::uint16_t read_port(const std::string& text) {
    return static_cast<std::uint16_t>(read_positive(text, 65535, "a port number"));
}

std::size_t read_count(const std::string& text) { return read_positive(text, 100'000, "a number"); }

std::vector<std::string> split_commas(const std::vector<std::string>& values) {
    std::vector<std::string> out;
    for (const auto& value : values) {
        std::string_view rest = value;
        while (true) {
            auto comma = rest.find(',');
            auto piece = rest.substr(0, comma);
            while (!piece.empty() && piece.front() == ' ') piece.remove_prefix(1);
            while (!piece.empty() && piece.back() == ' ') piece.remove_suffix(1);
            if (!piece.empty()) out.emplace_back(piece);
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
    return out;
}

void read_label(const std::string& text, std::map<std::string, std::string>& labels) {
    auto eq = text.find('=');
    auto name = text.substr(0, eq);
    if (eq == std::string::npos || !output::is_valid_label_name(name)) {
        throw usage_error(fmt::format(
            "--label: \"{}\" is not K=V with K a label name ([a-zA-Z_][a-zA-Z0-9_]*)", text));
    }
    if (name.starts_with("__")) {
        throw usage_error(
            fmt::format("--label: \"{}\": names starting with __ are reserved", name));
    }
    if (!labels.emplace(name, text.substr(eq + 1)).second) {
        throw usage_error(fmt::format("--label: \"{}\" given twice", name));
    }
}

void read_web_config(const po::variables_map& vm, config& c) {
    if (auto text = vm["web.listen-address"].as<std::string>(); !text.empty()) {
        c.listen = checked("web.listen-address", text, parse_listen_address);
    }
    c.web.read_timeout =
        checked("web.read-timeout", vm["web.read-timeout"].as<std::string>(), parse_duration);
    c.web.max_connections =
        checked("web.max-connections", vm["web.max-connections"].as<std::string>(), read_count);
    c.stale_after = 3 * c.refresh_interval;
    if (vm.count("health.stale-after")) {
        c.stale_after = checked("health.stale-after", vm["health.stale-after"].as<std::string>(),
                                parse_duration);
        if (c.stale_after < c.refresh_interval) {
            throw usage_error(fmt::format(
                "--health.stale-after: {} is shorter than --refresh-interval {}: /healthz would "
                "fail between two good polls",
                format_duration(c.stale_after), format_duration(c.refresh_interval)));
        }
    }
}

// Docker's own variables fill in what the --tls.* flags leave out: DOCKER_CERT_PATH (default
// ~/.docker when DOCKER_TLS_VERIFY is set) holds ca.pem, cert.pem and key.pem.
void read_docker_tls(const std::map<std::string, std::string>& environment, tls_settings& tls) {
    auto variable = [&](const char* name) {
        auto found = environment.find(name);
        return found == environment.end() ? std::string() : found->second;
    };
    auto dir = variable("DOCKER_CERT_PATH");
    if (dir.empty() && !variable("DOCKER_TLS_VERIFY").empty() && !variable("HOME").empty())
        dir = variable("HOME") + "/.docker";
    if (dir.empty()) return;
    auto in_dir = [&](const char* file) {
        auto path = dir + "/" + file;
        return ::access(path.c_str(), R_OK) == 0 ? path : std::string();
    };
    auto ca = in_dir("ca.pem");
    auto cert = in_dir("cert.pem");
    if (tls.ca_file.empty()) tls.ca_file = ca;
    if (tls.cert_file.empty() && tls.key_file.empty() && !cert.empty()) {
        tls.cert_file = cert;
        tls.key_file = in_dir("key.pem");
    }
    if (!variable("DOCKER_CERT_PATH").empty() && ca.empty() && cert.empty()) {
        throw usage_error(
            fmt::format("DOCKER_CERT_PATH={}: holds no readable ca.pem or cert.pem", dir));
    }
}

// https:// masters always speak TLS; tcp:// and h:p ones when any --tls.* flag or
// DOCKER_TLS_VERIFY says so. The context is made here so that a bad file is a startup error.
void read_tls(const po::variables_map& vm, const std::map<std::string, std::string>& environment,
              config& c) {
    tls_settings tls;
    bool flagged = false;
    auto text = [&](const char* flag, std::string& into) {
        if (!vm.count(flag)) return;
        into = vm[flag].as<std::string>();
        flagged = true;
    };
    text("tls.ca-file", tls.ca_file);
    text("tls.cert-file", tls.cert_file);
    text("tls.key-file", tls.key_file);
    text("tls.server-name", tls.server_name);
    tls.insecure_skip_verify = vm["tls.insecure-skip-verify"].as<bool>();
    flagged = flagged || tls.insecure_skip_verify;
    auto docker_verify = environment.find("DOCKER_TLS_VERIFY");
    bool configured =
        flagged || (docker_verify != environment.end() && !docker_verify->second.empty());
    bool any_tls = false;
    for (auto& m : c.masters) {
        if (configured && tls_when_configured(m)) m.tls = true;
        any_tls = any_tls || m.tls;
    }
    if (!any_tls) {
        if (flagged) {
            throw usage_error(
                "--tls.* given, but no master speaks TLS: use https:// or tcp:// masters");
        }
        return;
    }
    read_docker_tls(environment, tls);
    try {
        c.fetch.tls = make_tls_client(tls);
    } catch (const std::invalid_argument& e) {
        throw usage_error(e.what());
    }
}

config read_config(const po::variables_map& vm,
                   const std::map<std::string, std::string>& environment) {
    config c;
    c.healthcheck = vm["healthcheck"].as<bool>();
    if (c.healthcheck) {
        // Only where to ask and how long to wait matter; the daemon's own flags may be set too.
        read_web_config(vm, c);
        c.fetch.timeout = checked("timeout", vm["timeout"].as<std::string>(), parse_duration);
        return c;
    }
    if (vm.count("master")) {
        for (const auto& m : split_commas(vm["master"].as<std::vector<std::string>>())) {
            c.masters.push_back(checked("master", m, parse_master_url));
        }
    }
    if (c.masters.empty())
        throw usage_error("no master given: use --master URL or SWARM_SD_MASTER");
    read_tls(vm, environment, c);
    c.mode = checked("mode", vm["mode"].as<std::string>(), parse_discovery_mode);
    c.cadvisor_port = checked("cadvisor.port", vm["cadvisor.port"].as<std::string>(), read_port);
    c.refresh_interval =
        checked("refresh-interval", vm["refresh-interval"].as<std::string>(), parse_duration);
    c.fetch.timeout = checked("timeout", vm["timeout"].as<std::string>(), parse_duration);
    c.fetch.body_limit =
        checked("max-body-size", vm["max-body-size"].as<std::string>(), parse_byte_size);
    c.fetch.max_nodes = checked("max-nodes", vm["max-nodes"].as<std::string>(), [](auto& text) {
        return read_positive(text, 1'000'000, "a number");
    });
    c.level = checked("log.level", vm["log.level"].as<std::string>(), parse_log_level);
    c.format = checked("log.format", vm["log.format"].as<std::string>(), parse_log_format);
    read_web_config(vm, c);
    c.print = vm["print"].as<bool>();
    if (vm.count("output.file")) c.output_file = vm["output.file"].as<std::string>();
    if (vm.count("label")) {
        for (const auto& l : vm["label"].as<std::vector<std::string>>()) read_label(l, c.labels);
    }
    if (!c.print && c.output_file.empty() && !c.listen) {
        throw usage_error(
            "nothing to serve: give --output.file, --web.listen-address or both (or --print for "
            "one poll)");
    }
    if (c.print && !c.output_file.empty()) {
        throw usage_error("--print and --output.file do not go together: --print writes no file");
    }
    return c;
}

std::string help_text(const po::options_description& flags) {
    std::ostringstream out;
    out << "swarm-sd: Prometheus service discovery for Docker Swarm.\n"
           "Polls GET /info on Swarm masters (rotating to the next when one fails) -- and GET\n"
           "/nodes on swarm-mode managers -- and keeps the targets (every node's cAdvisor) in a\n"
           "file_sd JSON file and at http://ADDR/targets for http_sd_configs, or prints them once\n"
           "with --print.\n\n"
           "Usage:\n"
           "  swarm-sd --master http://m1:4000 --master http://m2:4000 --output.file "
           "/sd/swarm.json\n"
           "  swarm-sd --master unix:///var/run/docker.sock      # http_sd at :9475/targets\n"
           "  swarm-sd --print --master m1:4000,m2:4000\n\n"
        << flags
        << "\nWeb server (daemon mode): GET /metrics (Prometheus metrics), GET /healthz (200 "
           "while\n"
           "the last good poll is younger than --health.stale-after, else 503 and why), GET\n"
           "/targets (the file's JSON; 503 before the first good poll).\n\n"
           "A flag on the command line wins over its environment variable. Exit codes: 0 ok,\n"
           "1 no master answered (--print) or the web address cannot be bound, 2 bad flag or\n"
           "environment variable.\n"
           "Signals: SIGTERM/SIGINT stop, SIGHUP polls at once.\n";
    return out.str();
}

}  // namespace

std::string version_text() {
    return fmt::format("swarm-sd version {} (revision {})\n", SWARMSD_VERSION, SWARMSD_REVISION);
}

command parse_command_line(const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& environment) {
    auto flags = describe_flags();
    try {
        auto given = parse_args(flags, args);
        if (given["help"].as<bool>()) return {command::action::help, {}, help_text(flags)};
        if (given["version"].as<bool>()) return {command::action::version, {}, version_text()};
        auto all = args;
        auto from_env = env_arguments(flags, given, environment);
        all.insert(all.end(), from_env.begin(), from_env.end());
        auto vm = parse_args(flags, all);
        po::notify(vm);
        return {command::action::run, read_config(vm, environment), {}};
    } catch (const po::error& e) {
        throw usage_error(e.what());
    }
}

output::group_options group_options_for(const config& settings) {
    output::group_options options;
    options.cadvisor_port = settings.cadvisor_port;
    options.extra_labels = settings.labels;
    for (const auto& m : settings.masters) options.masters.push_back({m.text, m.host});
    return options;
}

}  // namespace swarmsd::swarm
