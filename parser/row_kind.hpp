#pragma once

#include <string_view>

namespace swarmsd::parser {

/// How a status table lays out its rows.
enum class table_layout {
    current,  ///< v1.1.0-rc3+: headers flush left, ` name` node rows, `  └ key` sub-rows
    legacy,   ///< older DriverStatus: `\bheader` rows, `name` node rows, ` └ key` sub-rows
};

/// What one row of a status table is.
enum class row_kind {
    header,   ///< Role, Strategy, Nodes, ... (and unknown ones)
    node,     ///< starts a node: key = name, value = address
    sub_row,  ///< `└ key` detail of the node above
    nested,   ///< an indented non-node item such as mesos `  Offer`: not a node
};

/// A row key, classified, with its name stripped of padding, backspaces and `└`.
struct classified_key {
    row_kind kind;
    std::string_view name;
};

/// Classifies a row key; any amount of white space may stand before `└`.
[[nodiscard]] classified_key classify_key(std::string_view key, table_layout layout);

/// True when `key` is the `Nodes` header row (which is what makes a table a node table);
/// `layout` is set from how that header is written.
[[nodiscard]] bool is_nodes_header(std::string_view key, table_layout& layout);

}  // namespace swarmsd::parser
