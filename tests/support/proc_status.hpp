#pragma once

#include <sys/types.h>

#include <cstddef>
#include <string>

namespace swarmsd::testing {

/// What /proc says about a running process, for memory and leak checks.
struct proc_status {
    std::size_t rss_kib = 0;       ///< VmRSS: resident memory now
    std::size_t peak_rss_kib = 0;  ///< VmHWM: the most it was ever resident
    std::size_t open_fds = 0;      ///< entries in /proc/PID/fd
    std::size_t sockets = 0;       ///< how many of them are sockets
};

/// Reads /proc/`pid`/status and /proc/`pid`/fd; all zero when the process is gone.
proc_status read_proc_status(pid_t pid);

}  // namespace swarmsd::testing
