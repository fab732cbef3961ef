#include "tests/support/proc_status.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace swarmsd::testing {
namespace {

std::size_t kib_field(const std::string& status, const std::string& name) {
    auto at = status.find("\n" + name + ":");
    if (at == std::string::npos) return 0;
    std::istringstream value(status.substr(at + name.size() + 2));
    std::size_t kib = 0;
    value >> kib;
    return kib;
}

}  // namespace

proc_status read_proc_status(pid_t pid) {
    auto dir = std::filesystem::path("/proc") / std::to_string(pid);
    std::ifstream in(dir / "status");
    std::stringstream text;
    text << "\n" << in.rdbuf();
    proc_status out;
    out.rss_kib = kib_field(text.str(), "VmRSS");
    out.peak_rss_kib = kib_field(text.str(), "VmHWM");
    std::error_code ec;
    for (const auto& fd : std::filesystem::directory_iterator(dir / "fd", ec)) {
        ++out.open_fds;
        std::error_code link_ec;
        auto target = std::filesystem::read_symlink(fd.path(), link_ec).string();
        if (target.starts_with("socket:")) ++out.sockets;
    }
    return out;
}

}  // namespace swarmsd::testing
