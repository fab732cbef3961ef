#include "parser/sub_row_values.hpp"

#include "text/trim.hpp"

namespace swarmsd::parser {
namespace {

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
    }
    return true;
}

// One `6 Running` piece of the parenthesised breakdown.
void read_breakdown_piece(std::string_view piece, container_counts& counts) {
    piece = text::trim(piece);
    auto space = piece.find(' ');
    if (space == std::string_view::npos) return;
    auto n = text::to_number<long long>(piece.substr(0, space));
    auto word = text::trim(piece.substr(space + 1));
    if (!n) return;
    if (iequals(word, "running")) counts.running = n;
    if (iequals(word, "paused")) counts.paused = n;
    if (iequals(word, "stopped")) counts.stopped = n;
}

}  // namespace

std::optional<container_counts> parse_containers(std::string_view text) {
    text = text::trim(text);
    auto open = text.find('(');
    auto total = text::to_number<long long>(text.substr(0, open));
    if (!total) return std::nullopt;
    container_counts counts{.total = *total, .running = {}, .paused = {}, .stopped = {}};
    if (open == std::string_view::npos) return counts;

    auto inner = text.substr(open + 1);
    if (auto close = inner.find(')'); close != std::string_view::npos)
        inner = inner.substr(0, close);
    while (!inner.empty()) {
        auto comma = inner.find(',');
        read_breakdown_piece(inner.substr(0, comma), counts);
        inner = comma == std::string_view::npos ? std::string_view{} : inner.substr(comma + 1);
    }
    return counts;
}

std::optional<reserved_amount> parse_reserved(std::string_view text) {
    auto slash = text.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    auto used = text::to_number<double>(text.substr(0, slash));
    auto total = text::to_number<double>(text.substr(slash + 1));
    if (!used || !total) return std::nullopt;
    return reserved_amount{*used, *total};
}

}  // namespace swarmsd::parser
