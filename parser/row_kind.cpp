#include "parser/row_kind.hpp"

#include "text/trim.hpp"

namespace swarmsd::parser {
namespace {

constexpr std::string_view tree_mark = "\u2514";  // └, in UTF-8

std::string_view strip_backspaces(std::string_view key, bool& had_any) {
    had_any = false;
    while (!key.empty() && key.front() == '\b') {
        key.remove_prefix(1);
        had_any = true;
    }
    return key;
}

}  // namespace

classified_key classify_key(std::string_view key, table_layout layout) {
    bool backspaced = false;
    key = strip_backspaces(key, backspaced);
    std::size_t indent = 0;
    while (indent < key.size() && text::is_space(key[indent])) ++indent;
    auto rest = key.substr(indent);

    if (rest.starts_with(tree_mark))
        return {row_kind::sub_row, text::trim(rest.substr(tree_mark.size()))};
    if (backspaced) return {row_kind::header, text::trim(rest)};
    // Node rows sit one step right of the headers: one space in the current layout; flush left in
    // the legacy one, where headers are marked by backspaces instead (one space is accepted there
    // too, as a mixed layout must not lose its nodes). Deeper (mesos `  Offer`) is not a node.
    if (layout == table_layout::current && indent == 0) return {row_kind::header, text::trim(rest)};
    if (indent <= 1) return {row_kind::node, text::trim(rest)};
    return {row_kind::nested, text::trim(rest)};
}

bool is_nodes_header(std::string_view key, table_layout& layout) {
    bool backspaced = false;
    key = strip_backspaces(key, backspaced);
    if (key.empty() || text::is_space(key.front()) || text::trim(key) != "Nodes") return false;
    layout = backspaced ? table_layout::legacy : table_layout::current;
    return true;
}

}  // namespace swarmsd::parser
