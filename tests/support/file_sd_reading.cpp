#include "tests/support/file_sd_reading.hpp"

#include <sys/stat.h>

#include <boost/json.hpp>
#include <fstream>
#include <iterator>

namespace swarmsd::testing {
namespace json = boost::json;

std::optional<std::string> read_if_exists(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::optional<file_state> look_at(const std::filesystem::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return std::nullopt;
    auto text = read_if_exists(path);
    if (!text) return std::nullopt;
    return file_state{std::move(*text), st.st_mtim, st.st_ino};
}

std::vector<std::string> node_names(const std::string& text) {
    std::vector<std::string> names;
    boost::system::error_code ec;
    auto document = json::parse(text, ec);
    const auto* groups = document.if_array();
    if (ec || !groups) return names;
    for (const auto& g : *groups) {
        const auto* labels = g.is_object() ? g.as_object().if_contains("labels") : nullptr;
        if (!labels || !labels->is_object()) continue;
        if (const auto* name = labels->as_object().if_contains("__meta_swarm_node_name"))
            names.emplace_back(name->as_string());
    }
    return names;
}

}  // namespace swarmsd::testing
