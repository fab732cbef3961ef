#include "tests/support/docker_engines.hpp"

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace swarmsd::testing {
namespace {

using namespace std::chrono_literals;

// The tools, found at configure time (tests/CMakeLists.txt).
const std::string dockerd = SWARMSD_DOCKERD;
const std::string docker_cli = SWARMSD_DOCKER_CLI;
const std::string nsenter = SWARMSD_NSENTER;
const std::string unshare = SWARMSD_UNSHARE;

}  // namespace

std::optional<std::string> docker_engines::missing() {
    for (const auto& [tool, package] : {std::pair{dockerd, "docker.io"},
                                        {docker_cli, "docker.io"},
                                        {nsenter, "util-linux"},
                                        {unshare, "util-linux"}}) {
        if (tool.empty() || tool.ends_with("NOTFOUND") || !std::filesystem::exists(tool))
            return "a tool is missing (apt-get install " + std::string(package) + ")";
    }
    if (::geteuid() != 0) return "real engines need root (namespaces, dockerd)";
    return std::nullopt;
}

namespace {

// A process holding a new network namespace, in which `setup` has run; waits until it has.
std::unique_ptr<child_process> hold_network_namespace(const std::filesystem::path& ready,
                                                      const std::string& setup) {
    auto holder = std::make_unique<child_process>(
        unshare,
        std::vector<std::string>{"--net", "--", "/bin/sh", "-c",
                                 setup + " && touch " + ready.string() + " && exec sleep 86400"});
    if (!eventually([&] { return std::filesystem::exists(ready); }))
        throw std::runtime_error("no network namespace for the engines: " + holder->err());
    return holder;
}

std::string net_of(const child_process& holder) {
    return "--net=/proc/" + std::to_string(holder.pid()) + "/ns/net";
}

// Runs `command` (sh) in the network namespace `holder` holds; throws if it fails.
void in_namespace(const child_process& holder, const std::string& command) {
    child_process run(nsenter, {net_of(holder), "--", "/bin/sh", "-c", command});
    if (run.wait_for(20s).value_or(-1) != 0)
        throw std::runtime_error("in the engines' namespace: " + command + ": " + run.err());
}

}  // namespace

docker_engines::docker_engines(engine_network network) : network_(network) {
    // The namespace lives as long as this; `lo` up makes 127.0.0.0/8 usable. Bridged: it holds
    // the bridge the engines' own namespaces are joined by.
    auto setup = std::string("ip link set lo up");
    if (network_ == engine_network::bridged)
        setup += " && ip link add br0 type bridge && ip link set br0 up";
    namespace_holder_ = hold_network_namespace(dir_.path() / "namespace-ready", setup);
}

docker_engines::~docker_engines() {
    // All at once: a swarm's engines take seconds each to leave.
    for (auto& e : engines_) {
        if (e->running()) e->process->send(SIGTERM);
    }
    for (auto& e : engines_) {
        if (!e->running()) continue;
        if (!e->process->wait_for(20s)) e->process->send(SIGKILL);
        e->process.reset();  // waits for it
    }
    for (auto& e : engines_) e->network.reset();
    namespace_holder_.reset();
}

void docker_engines::spawn(docker_engine& e, const std::vector<std::string>& labels) {
    std::string command = "hostname " + e.name + " && exec setpriv --pdeathsig TERM " + dockerd +
                          " --data-root " + e.dir + "/data --exec-root " + e.dir +
                          "/exec --pidfile " + e.dir + "/pid -H " + e.socket +
                          " --iptables=false --ip6tables=false --bridge=none"
                          " --storage-driver=vfs --log-level=warn";
    for (const auto& l : labels) command += " --label " + l;
    auto net = net_of(e.network ? *e.network : *namespace_holder_);
    e.process = std::make_unique<child_process>(
        nsenter, std::vector<std::string>{net, "--", unshare, "--uts", "--mount", "--propagation",
                                          "private", "--", "/bin/sh", "-c", command});
    for (auto until = std::chrono::steady_clock::now() + 30s; !answers(e);) {
        if (std::chrono::steady_clock::now() > until || e.process->wait_for(0ms)) {
            throw std::runtime_error("dockerd " + e.name + " did not start: " + e.process->err());
        }
        std::this_thread::sleep_for(50ms);
    }
}

docker_engine& docker_engines::start(const std::string& name,
                                     const std::vector<std::string>& labels) {
    auto e = std::make_unique<docker_engine>();
    e->name = name;
    e->address = "127.0.1." + std::to_string(engines_.size() + 1);
    e->dir = (dir_.path() / name).string();
    e->socket = "unix://" + e->dir + "/docker.sock";
    std::filesystem::create_directories(e->dir);
    if (network_ == engine_network::bridged) give_network(*e, engines_.size() + 1);
    labels_[name] = labels;
    spawn(*e, labels);
    engines_.push_back(std::move(e));
    return *engines_.back();
}

// A network namespace of the engine's own, joined to the bridge by a veth pair: 10.99.0.N.
void docker_engines::give_network(docker_engine& e, std::size_t n) {
    e.address = "10.99.0." + std::to_string(n);
    e.network = hold_network_namespace(std::filesystem::path(e.dir) / "namespace-ready",
                                       "ip link set lo up");
    auto veth = "veth" + std::to_string(n);
    in_namespace(*namespace_holder_, "ip link add " + veth + " type veth peer name eth0 netns " +
                                         std::to_string(e.network->pid()) + " && ip link set " +
                                         veth + " master br0 && ip link set " + veth + " up");
    in_namespace(*e.network, "ip addr add " + e.address + "/24 dev eth0 && ip link set eth0 up");
}

docker_engine& docker_engines::engine(const std::string& name) {
    for (auto& e : engines_) {
        if (e->name == name) return *e;
    }
    throw std::out_of_range("no engine " + name);
}

void docker_engines::stop(docker_engine& e) {
    if (!e.running()) return;
    e.process->send(SIGTERM);
    if (!e.process->wait_for(20s)) e.process->send(SIGKILL);
    e.process.reset();
}

void docker_engines::restart(docker_engine& e) {
    if (!e.running()) spawn(e, labels_[e.name]);
}

bool docker_engines::answers(const docker_engine& e) {
    auto path = e.socket.substr(std::string("unix://").size());
    if (!std::filesystem::exists(path)) return false;
    return docker(e, {"version", "--format", "{{.Server.Version}}"}).exit_code == 0;
}

run_result docker_engines::docker(const docker_engine& e, const std::vector<std::string>& args) {
    std::vector<std::string> all{"-H", e.socket};
    all.insert(all.end(), args.begin(), args.end());
    child_process cli(docker_cli, all);
    auto code = cli.wait_for(60s);
    return {code.value_or(-1), cli.out(), cli.err()};
}

void docker_engines::import_busybox_httpd(docker_engine& e, const std::string& tag) {
    auto tar = dir_.path() / "busybox-httpd.tar";
    if (!std::filesystem::exists(tar)) {
        auto root = dir_.path() / "busybox-httpd";
        std::filesystem::create_directories(root / "bin");
        std::filesystem::create_directories(root / "www");
        std::filesystem::copy_file("/bin/busybox", root / "bin" / "busybox");
        std::filesystem::create_symlink("busybox", root / "bin" / "httpd");
        std::filesystem::create_symlink("busybox", root / "bin" / "sh");
        { std::ofstream(root / "www" / "metrics") << "up 1\n"; }
        auto command = "tar -C '" + root.string() + "' -cf '" + tar.string() + "' .";
        if (std::system(command.c_str()) != 0)
            throw std::runtime_error("cannot make the busybox image: " + command);
    }
    must(e, {"import", tar.string(), tag});
}

std::string docker_engines::must(const docker_engine& e, const std::vector<std::string>& args) {
    auto r = docker(e, args);
    if (r.exit_code != 0) {
        std::string line = "docker";
        for (const auto& a : args) line += " " + a;
        throw std::runtime_error(line + " on " + e.name + ": " + r.err);
    }
    return r.out;
}

void docker_engines::init_swarm(docker_engine& leader) {
    must(leader, {"swarm", "init", "--advertise-addr", leader.address, "--listen-addr",
                  leader.address + ":2377"});
}

void docker_engines::join(docker_engine& e, docker_engine& leader, bool as_manager) {
    auto token = must(leader, {"swarm", "join-token", "-q", as_manager ? "manager" : "worker"});
    while (!token.empty() && (token.back() == '\n' || token.back() == ' ')) token.pop_back();
    must(e, {"swarm", "join", "--token", token, "--advertise-addr", e.address, "--listen-addr",
             e.address + ":2377", leader.address + ":2377"});
    if (!wait_for_status(leader, e.name, "ready"))
        throw std::runtime_error(e.name + " never became ready");
}

bool docker_engines::wait_for_status(docker_engine& manager, const std::string& node,
                                     const std::string& status, std::chrono::seconds limit) {
    return eventually(
        [&] {
            auto r = docker(manager, {"node", "inspect", "--format", "{{.Status.State}}", node});
            return r.exit_code == 0 && r.out.starts_with(status);
        },
        limit);
}

}  // namespace swarmsd::testing
