#include "tests/support/child_process.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <thread>

#include "tests/support/test_data.hpp"

extern char** environ;

namespace swarmsd::testing {

child_process::child_process(const std::string& program, const std::vector<std::string>& args,
                             const std::map<std::string, std::string>& env) {
    std::vector<std::string> argv_text{program};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);

    std::vector<std::string> env_text;
    for (char** e = environ; *e; ++e) {
        if (!std::string_view(*e).starts_with("SWARM_SD_")) env_text.emplace_back(*e);
    }
    for (const auto& [k, v] : env) env_text.push_back(k + "=" + v);
    std::vector<char*> envp;
    for (auto& e : env_text) envp.push_back(e.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    auto out = (dir_.path() / "stdout").string();
    auto err = (dir_.path() / "stderr").string();
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    // Asio opens sockets without O_CLOEXEC: without this the child would hold the fake masters'
    // listening sockets open, and a master the test stops would hang instead of refusing.
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    int rc = posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + program);
}

child_process::~child_process() {
    if (!exit_code_) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
}

namespace {

std::vector<std::string> tied_args(const std::string& program,
                                   const std::vector<std::string>& args) {
    std::vector<std::string> all{"--pdeathsig", "TERM", "--", program};
    all.insert(all.end(), args.begin(), args.end());
    return all;
}

}  // namespace

child_process::child_process(tied_to_test_t, const std::string& program,
                             const std::vector<std::string>& args)
    : child_process("/usr/bin/setpriv", tied_args(program, args)) {}

std::optional<int> child_process::wait_for(std::chrono::milliseconds limit) {
    auto until = std::chrono::steady_clock::now() + limit;
    while (!exit_code_) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            break;
        }
        if (std::chrono::steady_clock::now() > until) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return exit_code_;
}

void child_process::send(int signal) const { ::kill(pid_, signal); }

std::string child_process::out() const { return read_file(dir_.path() / "stdout"); }

std::string child_process::err() const { return read_file(dir_.path() / "stderr"); }

run_result run_swarm_sd(const std::vector<std::string>& args,
                        const std::map<std::string, std::string>& env) {
    child_process child(swarm_sd_binary(), args, env);
    auto code = child.wait_for(std::chrono::seconds(20));
    return {code.value_or(-1), child.out(), child.err()};
}

std::string swarm_sd_binary() { return SWARMSD_BINARY; }

std::uint16_t unused_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

}  // namespace swarmsd::testing
