#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace swarmsd::testing {

/// A fresh directory under the system temp folder, removed with everything in it at scope end.
class temp_dir {
  public:
    temp_dir();
    ~temp_dir();
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;

    /// The directory.
    const std::filesystem::path& path() const { return path_; }

    /// The names in the directory, hidden ones included, sorted.
    std::vector<std::string> entries() const;

  private:
    std::filesystem::path path_;
};

}  // namespace swarmsd::testing
