#include "swarm/healthcheck.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <fstream>

#include "swarm/master/engine_client.hpp"
#include "swarm/master/tls_client.hpp"
#include "text/address.hpp"

namespace swarmsd::swarm {
namespace {

// The daemon's own address, as a client reaches it: an every-interface address on IPv4's
// loopback, which `:PORT` serves whether or not the host has IPv6.
config::master_url daemon_url(const config::listen_address& listen, bool tls) {
    auto host = listen.ip;
    if (host == "0.0.0.0" || host == "::") host = "127.0.0.1";
    auto where = text::join_host_port(host, listen.port);
    return {(tls ? "https://" : "http://") + where, host, listen.port, "", "", tls};
}

// A /proc file of NUL-separated strings.
std::optional<std::vector<std::string>> proc_strings(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::vector<std::string> out;
    for (std::string s; std::getline(in, s, '\0');) out.push_back(s);
    if (in.bad()) return std::nullopt;
    return out;
}

}  // namespace

std::optional<invocation> same_program_invocation(int pid) {
    std::error_code ec;
    auto proc = "/proc/" + std::to_string(pid);
    auto theirs = std::filesystem::read_symlink(proc + "/exe", ec);
    if (ec) return std::nullopt;
    auto ours = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec || theirs != ours) return std::nullopt;
    auto args = proc_strings(proc + "/cmdline");
    auto environ_entries = proc_strings(proc + "/environ");
    if (!args || args->empty() || !environ_entries) return std::nullopt;
    invocation found;
    found.args.assign(args->begin() + 1, args->end());
    for (const auto& entry : *environ_entries) {
        auto eq = entry.find('=');
        if (eq != std::string::npos)
            found.environment.emplace(entry.substr(0, eq), entry.substr(eq + 1));
    }
    return found;
}

int run_healthcheck(const config::settings& settings, bool tls, std::FILE* out) {
    if (!settings.web.listen) {
        fmt::print(out, "unhealthy: the web server is off (--web.listen-address is empty)\n");
        return 1;
    }
    auto url = daemon_url(*settings.web.listen, tls);
    // The daemon's own limits: its answer is one line, and it must come within --timeout.
    master::fetch_options options{settings.request, std::nullopt};
    if (tls) options.tls = master::make_tls_client({.insecure_skip_verify = true});
    options.limits.body_limit = 64 * 1024;
    boost::asio::io_context io;
    master::engine_client daemon(url, options, /*api_version=*/"");
    boost::system::result<master::http_answer> answer{
        boost::system::error_code(boost::asio::error::fault)};
    boost::asio::co_spawn(io, daemon.get_answer("/healthz"),
                          [&](std::exception_ptr failure, auto a) {
                              if (!failure) answer = std::move(a);
                          });
    io.run();
    if (!answer) {
        fmt::print(out, "unhealthy: no answer from {}/healthz: {}\n", url.text,
                   answer.error().message());
        return 1;
    }
    fmt::print(out, "{}", answer->body);
    return answer->status == 200 ? 0 : 1;
}

}  // namespace swarmsd::swarm
