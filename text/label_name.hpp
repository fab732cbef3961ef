#pragma once

#include <string>
#include <string_view>

namespace swarmsd::text {

/// `raw` made a valid Prometheus label-name suffix: every byte outside [a-zA-Z0-9_] becomes `_`.
[[nodiscard]] std::string sanitize_label_name(std::string_view raw);

/// True for a valid Prometheus label name: [a-zA-Z_][a-zA-Z0-9_]*.
[[nodiscard]] bool is_valid_label_name(std::string_view name) noexcept;

}  // namespace swarmsd::text
