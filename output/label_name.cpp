#include "output/label_name.hpp"

namespace swarmsd::output {
namespace {

constexpr bool is_label_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace
std::string sanitize_label_name(std::string_view raw) {
    std::string name(raw);
    for (auto& c : name) {
        if (!is_label_char(c)) c = '_';
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

}  // namespace swarmsd::output
