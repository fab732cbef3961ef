#include "tests/support/temp_dir.hpp"

#include <stdlib.h>

#include <algorithm>
#include <stdexcept>

namespace swarmsd::testing {

temp_dir::temp_dir() {
    auto pattern = (std::filesystem::temp_directory_path() / "swarm-sd-test-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

temp_dir::~temp_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

std::vector<std::string> temp_dir::entries() const {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(path_)) {
        names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace swarmsd::testing
