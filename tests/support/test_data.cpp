#include "tests/support/test_data.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cctype>
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

expectation load_expectation(const std::filesystem::path& expectation_file) {
    auto expected = boost::json::parse(read_file(expectation_file)).as_object();
    auto fixture = std::string(expected.at("fixture").as_string());
    auto body = read_test_data(fixture);
    return {std::move(expected), std::move(fixture), std::move(body)};
}

std::vector<std::filesystem::path> test_data_files(const std::string& suffix) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(test_data_dir())) {
        if (entry.path().filename().string().ends_with(suffix)) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::vector<std::filesystem::path> expectations_of_kind(const std::string& kind) {
    std::vector<std::filesystem::path> files;
    for (const auto& f : test_data_files(".expected.json")) {
        auto document = boost::json::parse(read_file(f));
        if (document.at("kind") == boost::json::value(kind)) files.push_back(f);
    }
    return files;
}

std::string case_name(const std::filesystem::path& expectation) {
    auto name = expectation.filename().string();
    name = name.substr(0, name.find(".expected"));
    for (auto& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    return name;
}

}  // namespace swarmsd::testing
