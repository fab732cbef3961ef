#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace swarmsd::testing {

/// The folder of `tests/data`, fixed at build time so tests run from any directory.
std::filesystem::path test_data_dir();

/// The whole of a file, or a failed GoogleTest assertion's worth of empty string.
std::string read_file(const std::filesystem::path& path);

/// `tests/data/<name>` read whole.
std::string read_test_data(const std::string& name);

/// The `tests/data` files whose names end with `suffix`, sorted.
std::vector<std::filesystem::path> test_data_files(const std::string& suffix);

}  // namespace swarmsd::testing
