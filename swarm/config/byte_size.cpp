#include "swarm/config/byte_size.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <limits>
#include <stdexcept>
#include <utility>

namespace swarmsd::config {
namespace {

constexpr std::array<std::pair<std::string_view, std::size_t>, 8> units = {{
    {"GiB", std::size_t{1} << 30},
    {"MiB", std::size_t{1} << 20},
    {"KiB", std::size_t{1} << 10},
    {"GB", 1'000'000'000},
    {"MB", 1'000'000},
    {"KB", 1'000},
    {"kB", 1'000},
    {"B", 1},
}};

}  // namespace

std::size_t parse_byte_size(std::string_view text) {
    std::size_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
    std::size_t scale = unit.empty() ? 1 : 0;
    for (const auto& [name, factor] : units) {
        if (unit == name) scale = factor;
    }
    if (ec != std::errc{} || end == text.data() || scale == 0 || n == 0 ||
        n > std::numeric_limits<std::size_t>::max() / scale) {
        throw std::invalid_argument(fmt::format(
            "\"{}\" is not a size (want bytes, or a number with KiB, MiB or GiB, e.g. 16MiB)",
            text));
    }
    return n * scale;
}

}  // namespace swarmsd::config
