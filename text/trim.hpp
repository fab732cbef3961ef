#pragma once

#include <charconv>
#include <optional>
#include <string_view>

namespace swarmsd::text {

/// True for the ASCII white space that Swarm pads its row keys with.
constexpr bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/// `s` without leading and trailing ASCII white space.
constexpr std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

/// The whole of `s` (trimmed) as a number, or nullopt.
template <typename Number>
std::optional<Number> to_number(std::string_view s) noexcept {
    s = trim(s);
    Number n{};
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc{} || end != s.data() + s.size() || s.empty()) return std::nullopt;
    return n;
}

}  // namespace swarmsd::text
