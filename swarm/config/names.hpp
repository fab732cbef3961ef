#pragma once

#include <optional>
#include <string_view>

#include "swarm/config/settings.hpp"

namespace swarmsd::config {

/// The spelling of each value on the command line, in help text and in logs.
[[nodiscard]] std::string_view mode_name(discovery_mode mode);
[[nodiscard]] std::string_view level_name(log_level level);
[[nodiscard]] std::string_view format_name(log_format format);

/// The value spelt `text`, or nullopt.
[[nodiscard]] std::optional<discovery_mode> mode_named(std::string_view text);
[[nodiscard]] std::optional<log_level> level_named(std::string_view text);
[[nodiscard]] std::optional<log_format> format_named(std::string_view text);

}  // namespace swarmsd::config
