#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value_from.hpp>
#include <filesystem>
#include <optional>
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

/// The `tests/data/*.expected.json` files whose `kind` is `kind` (e.g. "swarm-classic-info").
std::vector<std::filesystem::path> expectations_of_kind(const std::string& kind);

/// An expectation file read whole, with the fixture it names (its `fixture` key) read too.
struct expectation {
    boost::json::object expected;
    std::string fixture;  ///< the fixture's file name, for messages
    std::string body;     ///< the fixture's bytes
};
expectation load_expectation(const std::filesystem::path& expectation_file);

/// An optional field as an expectation file spells it: the value, or `null` when absent.
template <typename T>
boost::json::value or_null(const std::optional<T>& v) {
    return v ? boost::json::value_from(*v) : boost::json::value(nullptr);
}

/// A GoogleTest-safe case name for an expectation file: `legacy-v1.2.8.expected.json` →
/// `legacy_v1_2_8`.
std::string case_name(const std::filesystem::path& expectation);

}  // namespace swarmsd::testing
