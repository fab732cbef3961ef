#pragma once

#include <sys/types.h>

#include <ctime>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace swarmsd::testing {

/// A file_sd file as a reader finds it: its bytes, and what tells a rewrite (inode, mtime).
struct file_state {
    std::string text;
    timespec mtime{};
    ino_t inode = 0;
    bool operator==(const file_state& o) const {
        return text == o.text && inode == o.inode && mtime.tv_sec == o.mtime.tv_sec &&
               mtime.tv_nsec == o.mtime.tv_nsec;
    }
};

/// The file's state, or nullopt when there is no file.
std::optional<file_state> look_at(const std::filesystem::path& path);

/// The whole file, or nullopt when there is none (no test failure: absence is expected).
std::optional<std::string> read_if_exists(const std::filesystem::path& path);

/// The `__meta_swarm_node_name` of each group of a file_sd text, in order; none for a text that
/// is not file_sd JSON (yet).
std::vector<std::string> node_names(const std::string& text);

}  // namespace swarmsd::testing
