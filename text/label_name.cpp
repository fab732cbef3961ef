#include "text/label_name.hpp"

namespace swarmsd::text {
namespace {

constexpr bool is_label_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The length of the UTF-8 sequence that starts `text`: 1 for ASCII and for a byte that starts
// no valid sequence (Go, and so Prometheus, reads such a byte as one U+FFFD).
std::size_t sequence_length(std::string_view text) noexcept {
    auto lead = static_cast<unsigned char>(text.front());
    std::size_t n = lead >= 0xF0 && lead <= 0xF4   ? 4
                    : lead >= 0xE0                 ? 3
                    : lead >= 0xC2 && lead <= 0xDF ? 2
                                                   : 1;
    if (n > text.size()) return 1;
    for (std::size_t i = 1; i < n; ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) return 1;
    }
    return n;
}

}  // namespace

std::string sanitize_label_name(std::string_view raw) {
    // One `_` per character, not per byte, as Prometheus' discovery does (`zoné` is `zon_`).
    std::string name;
    name.reserve(raw.size());
    while (!raw.empty()) {
        if (is_label_char(raw.front())) {
            name += raw.front();
            raw.remove_prefix(1);
            continue;
        }
        name += '_';
        raw.remove_prefix(sequence_length(raw));
    }
    return name;
}

bool is_valid_label_name(std::string_view name) noexcept {
    if (name.empty() || (name.front() >= '0' && name.front() <= '9')) return false;
    for (char c : name) {
        if (!is_label_char(c)) return false;
    }
    return true;
}

}  // namespace swarmsd::text
