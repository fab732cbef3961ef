#include "swarm/telemetry/process_metrics.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "swarm/telemetry/metric_family.hpp"

namespace swarmsd::telemetry {
namespace {

// The standard process_* families every Prometheus client library exposes.
constexpr auto open_fds = gauge("process_open_fds", "Number of open file descriptors.");
constexpr auto max_fds = gauge("process_max_fds", "Maximum number of open file descriptors.");
constexpr auto cpu_seconds =
    counter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.");
constexpr auto virtual_memory =
    gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.");
constexpr auto resident_memory =
    gauge("process_resident_memory_bytes", "Resident memory size in bytes.");
constexpr auto start_time =
    gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.");

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

void write_fd_metrics(telemetry::exposition& out) {
    std::error_code ec;
    std::size_t open = 0;
    for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end;
         it.increment(ec)) {
        ++open;
    }
    if (!ec) {
        write_one(out, open_fds, static_cast<double>(open));
    }
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
        write_one(out, max_fds, static_cast<double>(limit.rlim_cur));
    }
}

}  // namespace

void write_process_metrics(telemetry::exposition& out) {
    auto fields = stat_fields();
    // proc(5): utime 14, stime 15, starttime 22, vsize 23, rss 24.
    if (fields.size() >= 22) {
        double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
        double page = static_cast<double>(::sysconf(_SC_PAGESIZE));
        write_one(out, cpu_seconds, (std::stod(fields[11]) + std::stod(fields[12])) / ticks);
        write_one(out, virtual_memory, std::stod(fields[20]));
        write_one(out, resident_memory, std::stod(fields[21]) * page);
        if (auto boot = boot_time_seconds()) {
            write_one(out, start_time, *boot + std::stod(fields[19]) / ticks);
        }
    }
    write_fd_metrics(out);
}

}  // namespace swarmsd::telemetry
