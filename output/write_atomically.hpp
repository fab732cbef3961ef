#pragma once

#include <boost/system/result.hpp>
#include <string>
#include <string_view>

namespace swarmsd::output {

/// How a file was written.
enum class write_method {
    renamed,   ///< temp file + rename: readers see the old or the new text, never a mix
    in_place,  ///< rename was impossible (single-file bind mount): rewritten in place
};

/// The system calls the writer makes that tests must be able to fail (a seam, as fmt's tests use).
struct file_calls {
    int (*rename)(const char* from, const char* to) = &::rename;
    long (*write)(int fd, const void* data, unsigned long size) = nullptr;  ///< nullptr: ::write
};

/// Writes `text` to `path` atomically: a temp file in the same directory, mode 0644, fsync, then
/// rename over `path`. Where rename fails with EBUSY or EXDEV (a bind-mounted single file), the
/// text is written in place instead. No temp file is ever left behind; on error `path` is as it
/// was, except when an in-place rewrite itself fails.
[[nodiscard]] boost::system::result<write_method> write_atomically(const std::string& path,
                                                                   std::string_view text,
                                                                   const file_calls& calls = {});

/// The temp file `write_atomically` uses for `path`: a hidden sibling in the same directory.
[[nodiscard]] std::string temp_path_for(const std::string& path);

}  // namespace swarmsd::output
