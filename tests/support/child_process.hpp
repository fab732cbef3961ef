#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/temp_dir.hpp"

namespace swarmsd::testing {

/// A program started as a user would start it: own stdout and stderr (captured to files), the
/// test's environment without any SWARM_SD_* variable, plus `env`.
class child_process {
  public:
    child_process(const std::string& program, const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& env = {});
    /// The same, run through `setpriv --pdeathsig TERM`: stopped if the test process dies first
    /// (a crash, a ctest timeout), so that a server a test started never outlives the test.
    struct tied_to_test_t {};
    static constexpr tied_to_test_t tied_to_test{};
    child_process(tied_to_test_t, const std::string& program, const std::vector<std::string>& args);
    ~child_process();  // kills it if still running
    child_process(const child_process&) = delete;
    child_process& operator=(const child_process&) = delete;

    /// The exit code (128 + signal if killed), or nullopt if it still runs after `limit`.
    std::optional<int> wait_for(std::chrono::milliseconds limit);
    /// Sends `signal`.
    void send(int signal) const;
    /// Its process ID (for /proc).
    pid_t pid() const { return pid_; }
    /// What it printed so far.
    std::string out() const;
    std::string err() const;

  private:
    temp_dir dir_;
    pid_t pid_ = -1;
    std::optional<int> exit_code_;
};

/// A finished run.
struct run_result {
    int exit_code;
    std::string out;
    std::string err;
};

/// Runs the built swarm-sd with `args` to completion (killed after 20 s).
run_result run_swarm_sd(const std::vector<std::string>& args,
                        const std::map<std::string, std::string>& env = {});

/// The path of the built swarm-sd executable.
std::string swarm_sd_binary();

/// A loopback TCP port that nothing listens on (bound, then released).
std::uint16_t unused_port();

/// How many times `what` occurs in `text` (e.g. a log message in `err()`).
inline std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

/// Polls `condition` every 20 ms until it holds or `limit` passes; returns the last answer.
template <typename Condition>
bool eventually(Condition condition, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    auto until = std::chrono::steady_clock::now() + limit;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > until) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

}  // namespace swarmsd::testing
