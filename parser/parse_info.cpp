#include "parser/parse_info.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "parser/address.hpp"
#include "parser/fields.hpp"
#include "parser/labels.hpp"
#include "parser/row_kind.hpp"
#include "parser/text.hpp"

namespace swarmsd::parser {
namespace json = boost::json;
namespace {

// Real answers nest four levels; anything much deeper is hostile and rejected by the parser.
constexpr std::size_t max_json_depth = 64;

std::optional<std::string> non_empty(std::string_view s) {
    s = trim(s);
    if (s.empty()) return std::nullopt;
    return std::string(s);
}

void apply_header(swarm_header& header, std::string_view name, std::string_view value) {
    if (name == "Role") header.role = non_empty(value);
    if (name == "Primary") header.primary = non_empty(value);
    if (name == "Strategy") header.strategy = non_empty(value);
    if (name == "Filters") header.filters = non_empty(value);
    if (name == "Nodes") header.nodes_count = to_number<long long>(value);
}

void apply_sub_row(node& n, std::string_view name, std::string_view value) {
    if (name == "ID") n.id = non_empty(value);
    if (name == "Status") n.status = non_empty(value);
    if (name == "Containers") n.containers = parse_containers(value);
    if (name == "Reserved CPUs") n.reserved_cpus = parse_reserved(value);
    if (name == "Reserved Memory") n.reserved_memory = non_empty(value);
    if (name == "Labels") n.labels = split_labels(trim(value));
    if (name == "Error") {
        n.error = non_empty(value);
        if (n.error == "(none)") n.error.reset();
    }
    if (name == "UpdatedAt") n.updated_at = non_empty(value);
    if (name == "ServerVersion") n.server_version = non_empty(value);
}

// A `[key, value]` row of two strings, or nullopt for junk.
std::optional<std::pair<std::string_view, std::string_view>> as_pair(const json::value& row) {
    const auto* pair = row.if_array();
    if (!pair || pair->size() != 2) return std::nullopt;
    const auto* key = (*pair)[0].if_string();
    const auto* value = (*pair)[1].if_string();
    if (!key || !value) return std::nullopt;
    return std::pair{std::string_view(*key), std::string_view(*value)};
}

// A junk row whose key still reads as a node row: its sub-rows must not land on the node above.
bool is_broken_node_row(const json::value& row, table_layout layout) {
    const auto* pair = row.if_array();
    if (!pair || pair->empty()) return false;
    const auto* key = (*pair)[0].if_string();
    return key && classify_key(*key, layout).kind == row_kind::node;
}

swarm_info read_table(const json::array& rows, std::string_view field, table_layout layout) {
    swarm_info info;
    info.rows_field = std::string(field);
    node* current = nullptr;
    for (const auto& row : rows) {
        auto pair = as_pair(row);
        if (!pair) {
            if (is_broken_node_row(row, layout)) current = nullptr;
            continue;
        }
        auto [kind, name] = classify_key(pair->first, layout);
        switch (kind) {
            case row_kind::header:
                apply_header(info.header, name, pair->second);
                current = nullptr;
                break;
            case row_kind::node: {
                auto& n = info.nodes.emplace_back();
                n.name = std::string(name);
                n.address = std::string(trim(pair->second));
                n.endpoint = split_address(n.address);
                current = &n;
                break;
            }
            case row_kind::sub_row:
                if (current) apply_sub_row(*current, name, pair->second);
                break;
            case row_kind::nested: current = nullptr; break;
        }
    }
    return info;
}

// The table in `field` when it is a node table (it has a `Nodes` header row).
const json::array* find_node_table(const json::object& info, std::string_view field,
                                   table_layout& layout) {
    const auto* found = info.if_contains(field);
    const auto* rows = found ? found->if_array() : nullptr;
    if (!rows) return nullptr;
    for (const auto& row : *rows) {
        auto pair = as_pair(row);
        if (pair && is_nodes_header(pair->first, layout)) return rows;
    }
    return nullptr;
}

}  // namespace

boost::system::result<swarm_info> parse_info(std::string_view body) {
    json::monotonic_resource arena;
    json::parse_options options;
    options.max_depth = max_json_depth;
    boost::system::error_code ec;
    auto document = json::parse(body, ec, &arena, options);
    if (ec) return errc::not_json;
    const auto* object = document.if_object();
    if (!object) return errc::not_an_object;

    for (std::string_view field : {"SystemStatus", "DriverStatus"}) {
        auto layout = table_layout::current;
        const auto* rows = find_node_table(*object, field, layout);
        if (!rows) continue;
        auto info = read_table(*rows, field, layout);
        // "Nodes 3" with no node row is a master mid-restart, not an empty cluster.
        if (info.nodes.empty() && info.header.nodes_count.value_or(0) > 0) {
            return errc::incomplete_node_table;
        }
        return info;
    }
    return errc::no_node_table;
}

}  // namespace swarmsd::parser
