#include "tests/support/test_data.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace swarmsd::testing {

std::filesystem::path test_data_dir() { return SWARMSD_TEST_DATA_DIR; }

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in) << "cannot open " << path;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string read_test_data(const std::string& name) { return read_file(test_data_dir() / name); }

std::vector<std::filesystem::path> test_data_files(const std::string& suffix) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(test_data_dir())) {
        if (entry.path().filename().string().ends_with(suffix)) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace swarmsd::testing
