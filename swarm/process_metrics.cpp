#include "swarm/process_metrics.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace swarmsd::swarm {
namespace {

// The fields of /proc/self/stat after the command name (which may hold spaces and parentheses),
// so that field N of proc(5) is at index N - 3.
std::vector<std::string> stat_fields() {
    std::ifstream in("/proc/self/stat");
    std::string line;
    std::getline(in, line);
    auto close = line.rfind(')');
    if (close == std::string::npos) return {};
    std::istringstream rest(line.substr(close + 1));
    std::vector<std::string> fields;
    for (std::string f; rest >> f;) fields.push_back(f);
    return fields;
}

std::optional<double> boot_time_seconds() {
    std::ifstream in("/proc/stat");
    for (std::string key; in >> key;) {
        if (key == "btime") {
            double value = 0;
            if (in >> value) return value;
            return std::nullopt;
        }
        in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
    }
    return std::nullopt;
}

void write_fd_metrics(output::exposition& out) {
    std::error_code ec;
    std::size_t open = 0;
    for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end;
         it.increment(ec)) {
        ++open;
    }
    if (!ec) {
        out.family("process_open_fds", "gauge", "Number of open file descriptors.");
        out.sample("process_open_fds", {}, static_cast<double>(open));
    }
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
        out.family("process_max_fds", "gauge", "Maximum number of open file descriptors.");
        out.sample("process_max_fds", {}, static_cast<double>(limit.rlim_cur));
    }
}

}  // namespace

void write_process_metrics(output::exposition& out) {
    auto fields = stat_fields();
    // proc(5): utime 14, stime 15, starttime 22, vsize 23, rss 24.
    if (fields.size() >= 22) {
        double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
        double page = static_cast<double>(::sysconf(_SC_PAGESIZE));
        out.family("process_cpu_seconds_total", "counter",
                   "Total user and system CPU time spent in seconds.");
        out.sample("process_cpu_seconds_total", {},
                   (std::stod(fields[11]) + std::stod(fields[12])) / ticks);
        out.family("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.");
        out.sample("process_virtual_memory_bytes", {}, std::stod(fields[20]));
        out.family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
        out.sample("process_resident_memory_bytes", {}, std::stod(fields[21]) * page);
        if (auto boot = boot_time_seconds()) {
            out.family("process_start_time_seconds", "gauge",
                       "Start time of the process since unix epoch in seconds.");
            out.sample("process_start_time_seconds", {}, *boot + std::stod(fields[19]) / ticks);
        }
    }
    write_fd_metrics(out);
}

}  // namespace swarmsd::swarm
