#include "output/write_atomically.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace swarmsd::output {
namespace {

using boost::system::error_code;
using boost::system::system_category;

error_code last_error() { return {errno, system_category()}; }

// Closes a descriptor on every path out.
struct fd_guard {
    int fd;
    ~fd_guard() {
        if (fd >= 0) ::close(fd);
    }
};

error_code write_all(int fd, std::string_view text, const file_calls& calls) {
    while (!text.empty()) {
        long n = calls.write ? calls.write(fd, text.data(), text.size())
                             : ::write(fd, text.data(), text.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return last_error();
        text.remove_prefix(static_cast<std::size_t>(n));
    }
    // Must be on disk before the rename makes it visible, or a crash can publish an empty file.
    if (::fsync(fd) != 0) return last_error();
    return {};
}

std::string directory_of(const std::string& path) {
    auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

void sync_directory(const std::string& path) {
    // Makes the rename itself durable; a failure here loses nothing that is not already visible.
    fd_guard dir{::open(directory_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
    if (dir.fd >= 0) ::fsync(dir.fd);
}

boost::system::result<write_method> write_in_place(const std::string& path, std::string_view text,
                                                   const file_calls& calls) {
    fd_guard file{::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC)};
    if (file.fd < 0) return last_error();
    if (auto ec = write_all(file.fd, text, calls)) return ec;
    return write_method::in_place;
}

}  // namespace

std::string temp_path_for(const std::string& path) {
    auto slash = path.rfind('/');
    auto dir = slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
    auto base = slash == std::string::npos ? path : path.substr(slash + 1);
    return dir + "." + base + ".swarm-sd.tmp";
}

boost::system::result<write_method> write_atomically(const std::string& path, std::string_view text,
                                                     const file_calls& calls) {
    auto temp = temp_path_for(path);
    {
        fd_guard file{::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)};
        if (file.fd < 0) return last_error();
        // The umask must not make the file unreadable to a Prometheus running as another user.
        error_code ec =
            ::fchmod(file.fd, 0644) != 0 ? last_error() : write_all(file.fd, text, calls);
        if (ec) {
            ::unlink(temp.c_str());
            return ec;
        }
    }
    if (calls.rename(temp.c_str(), path.c_str()) == 0) {
        sync_directory(path);
        return write_method::renamed;
    }
    auto rename_error = errno;
    ::unlink(temp.c_str());
    if (rename_error == EBUSY || rename_error == EXDEV) return write_in_place(path, text, calls);
    return error_code(rename_error, system_category());
}

}  // namespace swarmsd::output
