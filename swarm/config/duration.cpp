#include "swarm/config/duration.hpp"

#include <charconv>
#include <stdexcept>
#include <string>

namespace swarmsd::config {
namespace {

struct unit {
    std::string_view suffix;
    long long ms;
};
// "ms" before "m", so that 500ms is not read as 500 minutes and a stray "s".
constexpr unit units[] = {
    {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}, {"d", 86'400'000}};

[[noreturn]] void refuse(std::string_view text) {
    throw std::invalid_argument("\"" + std::string(text) +
                                "\" is not a duration (use e.g. 500ms, 15s, 1m30s, 2h)");
}

}  // namespace

std::chrono::milliseconds parse_duration(std::string_view text) {
    std::string_view rest = text;
    long long total = 0;
    if (rest.empty()) refuse(text);
    while (!rest.empty()) {
        long long n = 0;
        auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), n);
        if (ec != std::errc{} || n < 0) refuse(text);
        rest.remove_prefix(static_cast<std::size_t>(end - rest.data()));
        const unit* found = nullptr;
        for (const auto& u : units) {
            if (rest.starts_with(u.suffix)) {
                found = &u;
                break;
            }
        }
        if (!found || n > 365LL * 86'400'000 / found->ms) refuse(text);
        total += n * found->ms;
        rest.remove_prefix(found->suffix.size());
    }
    if (total == 0)
        throw std::invalid_argument("\"" + std::string(text) + "\" must be longer than zero");
    return std::chrono::milliseconds(total);
}

std::string format_duration(std::chrono::milliseconds d) {
    auto ms = d.count();
    std::string out;
    for (auto u : {unit{"h", 3'600'000}, unit{"m", 60'000}, unit{"s", 1000}, unit{"ms", 1}}) {
        if (ms >= u.ms) {
            out += std::to_string(ms / u.ms).append(u.suffix);
            ms %= u.ms;
        }
    }
    return out.empty() ? "0s" : out;
}

}  // namespace swarmsd::config
