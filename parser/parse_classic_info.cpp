#include "parser/parse_classic_info.hpp"

#include "parser/labels.hpp"
#include "parser/row_kind.hpp"
#include "parser/sub_row_values.hpp"
#include "parser/table_scanner.hpp"
#include "text/address.hpp"
#include "text/trim.hpp"

namespace swarmsd::parser {
namespace {

// Real answers nest four levels; anything much deeper is hostile and rejected by the parser.
constexpr std::size_t max_json_depth = 64;

std::optional<std::string> non_empty(std::string_view s) {
    s = text::trim(s);
    if (s.empty()) return std::nullopt;
    return std::string(s);
}

void apply_header(classic_header& header, std::string_view name, std::string_view value) {
    if (name == "Role") header.role = non_empty(value);
    if (name == "Primary") header.primary = non_empty(value);
    if (name == "Strategy") header.strategy = non_empty(value);
    if (name == "Filters") header.filters = non_empty(value);
    if (name == "Nodes") header.nodes_count = text::to_number<long long>(value);
}

void apply_sub_row(node& n, std::string_view name, std::string_view value) {
    if (name == "ID") n.id = non_empty(value);
    if (name == "Status") n.status = non_empty(value);
    if (name == "Containers") n.containers = parse_containers(value);
    if (name == "Reserved CPUs") n.reserved_cpus = parse_reserved(value);
    if (name == "Reserved Memory") n.reserved_memory = non_empty(value);
    if (name == "Labels") n.labels = split_labels(text::trim(value));
    if (name == "Error") {
        n.error = non_empty(value);
        if (n.error == "(none)") n.error.reset();
    }
    if (name == "UpdatedAt") n.updated_at = non_empty(value);
    if (name == "ServerVersion") n.server_version = non_empty(value);
}

// A junk row whose key still reads as a node row: its sub-rows must not land on the node above.
bool is_broken_node_row(const raw_row& row, table_layout layout) {
    return row.key_is_string && classify_key(row.key(), layout).kind == row_kind::node;
}

// A row read on its first two elements, as a hand-built Go slice may have more: it needs a
// string key; a value that is not a string is an absent value.
bool is_keyed(const raw_row& row) { return row.key_is_string && row.arity >= 2; }

classic_listing read_table(const std::vector<raw_row>& rows, std::string_view field,
                           table_layout layout, std::size_t max_nodes) {
    classic_listing info;
    info.rows_field = std::string(field);
    info.nodes.reserve(rows.size() / 8);
    node* current = nullptr;
    for (const auto& row : rows) {
        if (!is_keyed(row)) {
            if (is_broken_node_row(row, layout)) current = nullptr;
            continue;
        }
        auto [kind, name] = classify_key(row.key(), layout);
        switch (kind) {
            case row_kind::header:
                if (row.value_is_string) apply_header(info.header, name, row.value());
                current = nullptr;
                break;
            case row_kind::node: {
                // No address, nothing to scrape: left out and counted, its sub-rows with it.
                if (!row.value_is_string) {
                    ++info.skipped_nodes;
                    current = nullptr;
                    break;
                }
                // One node over the limit is enough to refuse the answer: a table of a million
                // tiny rows must not become a million nodes first.
                if (info.nodes.size() > max_nodes) return info;
                auto& n = info.nodes.emplace_back();
                n.name = std::string(name);
                n.address = std::string(text::trim(row.value()));
                n.endpoint = text::split_address(n.address);
                current = &n;
                break;
            }
            case row_kind::sub_row:
                if (current && row.value_is_string) apply_sub_row(*current, name, row.value());
                break;
            case row_kind::nested:
                current = nullptr;
                break;
        }
    }
    return info;
}

// The layout of `rows` when they form a node table (they hold a `Nodes` header row).
std::optional<table_layout> node_table_layout(const std::vector<raw_row>& rows) {
    auto layout = table_layout::current;
    for (const auto& row : rows) {
        if (row.key_is_string && is_nodes_header(row.key(), layout)) return layout;
    }
    return std::nullopt;
}

}  // namespace

boost::system::result<classic_listing> parse_classic_info(std::string_view body,
                                                          std::size_t max_nodes) {
    status_tables tables;
    // A node takes a row and a dozen sub-rows at the most; 32 rows per node leave room for junk.
    auto max_rows = max_nodes >= std::numeric_limits<std::size_t>::max() / 64
                        ? std::numeric_limits<std::size_t>::max()
                        : (max_nodes + 1) * 32;
    if (auto ec = scan_status_tables(body, max_json_depth, max_rows, tables)) {
        return ec == errc::too_many_rows ? errc::too_many_rows : errc::not_json;
    }
    if (!tables.is_object) return errc::not_an_object;

    const std::pair<std::string_view, const std::vector<raw_row>*> candidates[] = {
        {"SystemStatus", &tables.system_status}, {"DriverStatus", &tables.driver_status}};
    for (auto [field, rows] : candidates) {
        auto layout = node_table_layout(*rows);
        if (!layout) continue;
        auto info = read_table(*rows, field, *layout, max_nodes);
        // "Nodes 3" with no node row is a master mid-restart, not an empty cluster.
        if (info.nodes.empty() && info.header.nodes_count.value_or(0) > 0) {
            return errc::incomplete_node_table;
        }
        return info;
    }
    return errc::no_node_table;
}

}  // namespace swarmsd::parser
