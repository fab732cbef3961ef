#include "swarm/config/flags.hpp"

#include <fmt/format.h>

#include <boost/program_options/value_semantic.hpp>
#include <sstream>

#include "swarm/config/byte_size.hpp"
#include "swarm/config/duration.hpp"
#include "swarm/config/flag_values.hpp"
#include "swarm/config/names.hpp"

namespace swarmsd::config {
namespace po = boost::program_options;
namespace {

// A flag of type `Flag` whose value lands in `field`, with `field`'s current value as the default
// and `shown` as the help text's spelling of it.
template <typename Flag, typename Field>
po::typed_value<Flag>* bound(Field& field, std::string shown) {
    return po::value<Flag>()
        ->default_value(Flag{field}, std::move(shown))
        ->notifier([&field](const Flag& flag) { field = flag.value; });
}

// A flag with no default (a set of its own, or one derived from others).
template <typename Flag, typename Field>
po::typed_value<Flag>* bound_optional(Field& field) {
    return po::value<Flag>()->notifier([&field](const Flag& flag) { field = flag.value; });
}

std::string size_text(std::size_t bytes) {
    if (bytes % (1 << 20) == 0) return fmt::format("{}MiB", bytes >> 20);
    return std::to_string(bytes);
}

void add_master_flags(po::options_description& flags, settings& s) {
    flags.add_options()(
        "master", bound_optional<masters_flag>(s.masters)->value_name("URL"),
        "master to poll: a classic Swarm manager or a swarm-mode Docker manager; repeat or "
        "comma-separate for several, tried in order with failover: http://h:p, tcp://h:p, h:p or "
        "unix:///var/run/docker.sock")(
        "mode", bound<mode_flag>(s.mode, std::string(mode_name(s.mode)))->value_name("MODE"),
        "auto (decided per answer), classic (standalone Swarm's /info node table) or swarm "
        "(Docker swarm mode: /info, then /nodes from a manager)")(
        "cadvisor.port",
        bound<port_flag>(s.cadvisor_port, std::to_string(s.cadvisor_port))->value_name("N"),
        "port of cAdvisor's /metrics on every node and master")(
        "refresh-interval",
        bound<duration_flag>(s.refresh_interval, format_duration(s.refresh_interval))
            ->value_name("DUR"),
        "time between full listings (e.g. 30s, 1m): the resync while event streams flow, the "
        "polling period where they cannot")(
        "events",
        po::value<bool>(&s.events)
            ->default_value(s.events, s.events ? "true" : "false")
            ->implicit_value(true, "true")
            ->value_name("BOOL"),
        "follow the masters' event streams and list again on each node change; --events=false "
        "polls only")("timeout",
                      bound<duration_flag>(s.request.timeout, format_duration(s.request.timeout))
                          ->value_name("DUR"),
                      "deadline for one request to one master: resolve, connect, send and read")(
        "max-body-size",
        bound<byte_size_flag>(s.request.body_limit, size_text(s.request.body_limit))
            ->value_name("SIZE"),
        "largest answer body accepted from a master (e.g. 16MiB); a larger one is a failed "
        "request, read no further (headers are limited to 64KiB)")(
        "max-nodes",
        bound<count_flag>(s.request.max_nodes, std::to_string(s.request.max_nodes))
            ->value_name("N"),
        "most nodes an answer may list; more is a failed request (a broken or hostile master)");
}

void add_task_flags(po::options_description& flags, settings& s) {
    flags.add_options()(
        "tasks.service",
        bound_optional<task_services_flag>(s.tasks.services)->value_name("NAME:PORT"),
        "targets are this service's running tasks, at their address on the network and the "
        "container port its exporter listens on (swarm mode; a stack's service is STACK_NAME); "
        "repeat or comma-separate for several. Without it the targets are the nodes' cAdvisors")(
        "tasks.network", po::value(&s.tasks.network)->value_name("NAME"),
        "the network (name or ID) whose address is a task's target (default: the task's one "
        "network that is not ingress)")(
        "tasks.refresh-interval",
        bound<duration_flag>(s.tasks.refresh_interval, format_duration(s.tasks.refresh_interval))
            ->value_name("DUR"),
        "time between listings of the services' tasks (the Engine sends no task events); node "
        "and service events list them at once");
}

void add_tls_flags(po::options_description& flags, settings& s) {
    flags.add_options()(
        "tls.ca-file", po::value(&s.tls.ca_file)->value_name("PATH"),
        "CA certificates (PEM) to verify masters against (default: the system's, or "
        "$DOCKER_CERT_PATH/ca.pem); any --tls.* flag or DOCKER_TLS_VERIFY makes tcp:// and h:p "
        "masters speak TLS too, as https:// always does")(
        "tls.cert-file", po::value(&s.tls.cert_file)->value_name("PATH"),
        "client certificate (PEM) for masters that demand one (default: "
        "$DOCKER_CERT_PATH/cert.pem)")(
        "tls.key-file", po::value(&s.tls.key_file)->value_name("PATH"),
        "private key (PEM) of --tls.cert-file (default: $DOCKER_CERT_PATH/key.pem)")(
        "tls.server-name", po::value(&s.tls.server_name)->value_name("NAME"),
        "name every master's certificate must carry (default: the master's own host)")(
        "tls.insecure-skip-verify", po::bool_switch(&s.tls.insecure_skip_verify),
        "do not verify masters' certificates (encrypted, but anyone can pose as a master)");
}

void add_output_flags(po::options_description& flags, settings& s) {
    auto listen_text = s.web.listen ? s.web.listen->text : std::string();
    flags.add_options()("output.file", po::value(&s.output_file)->value_name("PATH"),
                        "file_sd JSON file to keep up to date (daemon mode); with --config.file "
                        "it holds every cluster")(
        "output.dir", po::value(&s.output_dir)->value_name("DIR"),
        "with --config.file: keep one file_sd file per cluster here, DIR/<cluster>.json (a "
        "removed cluster's file is deleted)")(
        "print", po::bool_switch(&s.print),
        "poll once, print the file_sd JSON on stdout and exit: 0 when a master answered well, 1 "
        "when none did")("label", bound_optional<labels_flag>(s.labels)->value_name("K=V"),
                         "label added to every target group; repeatable")(
        "web.listen-address", bound<listen_flag>(s.web.listen, listen_text)->value_name("ADDR"),
        "where to serve /metrics, /healthz and /targets (http_sd): :PORT, IP:PORT or [IPV6]:PORT; "
        "empty turns the web server off (daemon mode only)")(
        "web.config.file", po::value(&s.web.config_file)->value_name("PATH"),
        "TLS and basic authentication for the web server, in the exporter-toolkit format of "
        "Prometheus' exporters (tls_server_config, basic_auth_users with bcrypt hashes)")(
        "web.read-timeout",
        bound<duration_flag>(s.web.read_timeout, format_duration(s.web.read_timeout))
            ->value_name("DUR"),
        "deadline for a web client to send a request (idle keep-alive included) and to read the "
        "answer")("web.max-connections",
                  bound<count_flag>(s.web.max_connections, std::to_string(s.web.max_connections))
                      ->value_name("N"),
                  "web clients served at once; more are disconnected at once")(
        "health.stale-after",
        bound_optional<duration_flag>(s.health_stale_after)->value_name("DUR"),
        "/healthz answers 503 once the last good poll is older than this (default: 3 refresh "
        "intervals)");
}

void add_process_flags(po::options_description& flags, settings& s) {
    flags.add_options()(
        "config.file", po::value(&s.config_file)->value_name("PATH"),
        "YAML file of several clusters, each with its own masters and settings (see the README); "
        "the cluster flags (--master, --mode, --tls.*, --label...) then go in the file")(
        "config.check", po::bool_switch(&s.config_check),
        "read --config.file, print whether it is good and exit 0 or 2, asking no master")(
        "log.level",
        bound<level_flag>(s.level, std::string(level_name(s.level)))->value_name("LEVEL"),
        "debug, info, warn or error")(
        "log.format",
        bound<format_flag>(s.format, std::string(format_name(s.format)))->value_name("FORMAT"),
        "logfmt or json; logs go to stderr")(
        "healthcheck", po::bool_switch(&s.healthcheck),
        "ask the daemon running on --web.listen-address for /healthz, print its answer and exit 0 "
        "when healthy, 1 when not (for a Docker HEALTHCHECK; reads the daemon's configuration)")(
        "version", po::bool_switch(), "print the version and exit")("help,h", po::bool_switch(),
                                                                    "print this help and exit");
}

}  // namespace

po::options_description describe_flags(settings& into) {
    po::options_description flags;
    add_master_flags(flags, into);
    add_task_flags(flags, into);
    add_tls_flags(flags, into);
    add_output_flags(flags, into);
    add_process_flags(flags, into);
    return flags;
}

std::string environment_name(const std::string& flag) {
    std::string name = "SWARM_SD_";
    for (char c : flag) name += (c == '.' || c == '-') ? '_' : static_cast<char>(std::toupper(c));
    return name;
}

// The flags as the help shows them: each on a line of its own with its value and default, its
// description below, wrapped at word boundaries within 100 columns.
std::string flag_list(const po::options_description& flags) {
    constexpr std::size_t width = 100;
    constexpr std::string_view indent = "      ";
    std::string out = "Flags (each also read from SWARM_SD_<FLAG>, e.g. SWARM_SD_CADVISOR_PORT):\n";
    for (const auto& option : flags.options()) {
        auto name = option->format_name();
        auto parameter = option->format_parameter();
        // A switch with a default of its own (--events) says it once, not twice.
        if (auto twice = parameter.find("] (="); twice != std::string::npos)
            parameter = parameter.substr(0, twice + 1);
        out += "  " + name + (parameter.empty() ? "" : " " + parameter) + "\n";
        std::string line(indent);
        std::istringstream words(option->description());
        for (std::string word; words >> word;) {
            if (line.size() > indent.size() && line.size() + 1 + word.size() > width) {
                out += line + "\n";
                line = indent;
            }
            if (line.size() > indent.size()) line += ' ';
            line += word;
        }
        out += line + "\n";
    }
    return out;
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
        << "  swarm-sd --master unix:///var/run/docker.sock      # http_sd at :" << default_web_port
        << "/targets\n"
           "  swarm-sd --print --master m1:4000,m2:4000\n"
           "  swarm-sd --config.file clusters.yml --output.dir /sd   # several clusters\n\n"
        << flag_list(flags)
        << "\nWeb server (daemon mode): GET / (the status page), GET /metrics (Prometheus\n"
           "metrics), GET /healthz (200 while the last good poll is younger than\n"
           "--health.stale-after, else 503 and why), GET /targets (the file's JSON; 503 before\n"
           "the first good poll); with --config.file, ?cluster=NAME for one cluster's, and\n"
           "POST /-/reload to read the file again.\n\n"
           "A flag on the command line wins over its environment variable. Exit codes: 0 ok,\n"
           "1 no master answered (--print) or the web address cannot be bound, 2 bad flag or\n"
           "environment variable.\n"
           "Signals: SIGTERM/SIGINT stop, SIGHUP polls at once (and re-reads --config.file).\n";
    return out.str();
}

}  // namespace swarmsd::config
