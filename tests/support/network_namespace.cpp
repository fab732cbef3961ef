#include "tests/support/network_namespace.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <thread>

namespace swarmsd::testing {

void in_network_namespace_of(pid_t pid, const std::function<void()>& fn) {
    auto path = "/proc/" + std::to_string(pid) + "/ns/net";
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0) << path << ": " << std::strerror(errno);
    std::string failed;
    // A network namespace belongs to a thread: this one alone enters it, and ends with it.
    std::thread([&] {
        if (::setns(fd, CLONE_NEWNET) != 0) {
            failed = "setns " + path + ": " + std::strerror(errno);
            return;
        }
        fn();
    }).join();
    ::close(fd);
    ASSERT_TRUE(failed.empty()) << failed;
}

}  // namespace swarmsd::testing
