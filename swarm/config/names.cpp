#include "swarm/config/names.hpp"

#include <array>
#include <utility>

namespace swarmsd::config {
namespace {

constexpr std::array<std::pair<std::string_view, discovery_mode>, 3> modes = {
    {{"auto", discovery_mode::auto_detect},
     {"classic", discovery_mode::classic},
     {"swarm", discovery_mode::swarm_mode}}};
constexpr std::array<std::pair<std::string_view, log_level>, 4> levels = {
    {{"debug", log_level::debug},
     {"info", log_level::info},
     {"warn", log_level::warn},
     {"error", log_level::error}}};
constexpr std::array<std::pair<std::string_view, log_format>, 2> formats = {
    {{"logfmt", log_format::logfmt}, {"json", log_format::json}}};

template <typename Value, std::size_t N>
std::string_view name_of(const std::array<std::pair<std::string_view, Value>, N>& names,
                         Value value) {
    for (const auto& [name, v] : names) {
        if (v == value) return name;
    }
    return "?";
}

template <typename Value, std::size_t N>
std::optional<Value> value_of(const std::array<std::pair<std::string_view, Value>, N>& names,
                              std::string_view text) {
    for (const auto& [name, value] : names) {
        if (name == text) return value;
    }
    return std::nullopt;
}

}  // namespace

std::string_view mode_name(discovery_mode mode) { return name_of(modes, mode); }
std::string_view level_name(log_level level) { return name_of(levels, level); }
std::string_view format_name(log_format format) { return name_of(formats, format); }
std::optional<discovery_mode> mode_named(std::string_view text) { return value_of(modes, text); }
std::optional<log_level> level_named(std::string_view text) { return value_of(levels, text); }
std::optional<log_format> format_named(std::string_view text) { return value_of(formats, text); }

}  // namespace swarmsd::config
