// The DOM reading of `GET /nodes` that parser/parse_nodes.cpp replaced (Boost.JSON value tree +
// parser/json_access), kept as the oracle the streaming reader is fuzzed against: the two must
// agree on every input.
#include "tests/fuzz/reference_nodes.hpp"

#include <algorithm>
#include <set>

#include "parser/json_access.hpp"
#include "text/address.hpp"

namespace swarmsd::fuzz {
using namespace swarmsd::parser;
namespace json = boost::json;
using namespace json_access;

namespace {

// The string members of `o[key]` (other members skipped); empty when it is not an object.
std::map<std::string, std::string> string_map_at(const json::object& o, std::string_view key) {
    std::map<std::string, std::string> out;
    auto member = object_at(o, key);
    if (!member.object) return out;
    for (const auto& [k, v] : *member.object) {
        if (v.is_string()) out.emplace(std::string(k), std::string(v.get_string()));
    }
    return out;
}

// The parts of one `/nodes` entry; a part present with the wrong type makes the entry malformed.
struct node_parts {
    const json::object* spec = nullptr;
    const json::object* description = nullptr;
    const json::object* status = nullptr;
    const json::object* manager = nullptr;
    const json::object* engine = nullptr;
    const json::object* platform = nullptr;
    const json::object* resources = nullptr;
};

std::optional<node_parts> parts_of(const json::object& o) {
    node_parts p;
    bool wrong = false;
    auto take = [&](const json::object& from, std::string_view key, const json::object*& into) {
        auto member = object_at(from, key);
        wrong = wrong || member.wrong_type;
        into = member.object;
    };
    take(o, "Spec", p.spec);
    take(o, "Description", p.description);
    take(o, "Status", p.status);
    take(o, "ManagerStatus", p.manager);
    if (p.description) {
        take(*p.description, "Engine", p.engine);
        take(*p.description, "Platform", p.platform);
        take(*p.description, "Resources", p.resources);
    }
    if (wrong) return std::nullopt;
    return p;
}

// Labels as the node holds them: sorted, each name once.
label_map as_label_map(const std::map<std::string, std::string>& m) {
    return label_map(boost::container::ordered_unique_range, m.begin(), m.end());
}

constexpr std::string_view blanks = " \t\n\r\v\f";

// `text` without the blanks around it.
std::string unpadded(std::string_view text) {
    auto first = text.find_first_not_of(blanks);
    if (first == std::string_view::npos) return {};
    return std::string(text.substr(first, text.find_last_not_of(blanks) - first + 1));
}

// The port of a `host:port`: digits naming 1 to 65535 (leading zeros allowed), padded.
std::optional<std::uint16_t> port_of(std::string_view text) {
    auto digits = unpadded(text);
    if (digits.empty() ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size()));
    if (digits.empty() || digits.size() > 5 || std::stoul(digits) > 65535) return std::nullopt;
    return static_cast<std::uint16_t>(std::stoul(digits));
}

// An address as the Engine writes it: `[v6]`, `[v6]:port`, `host:port` (exactly one colon), or
// a host alone (a bare IPv6 address has several colons and no port); padded with white space.
// Spelt apart from text::split_address, which it checks.
text::host_port address_parts(std::string_view written) {
    auto whole = unpadded(written);
    std::string host, port;
    if (!whole.empty() && whole.front() == '[') {
        auto close = whole.find(']');
        if (close == std::string::npos) return {whole, std::nullopt};
        host = whole.substr(1, close - 1);
        if (close + 1 == whole.size()) return {host, std::nullopt};
        if (whole[close + 1] != ':') return {whole, std::nullopt};
        port = whole.substr(close + 2);
    } else if (std::count(whole.begin(), whole.end(), ':') == 1) {
        auto colon = whole.find(':');
        host = whole.substr(0, colon);
        port = whole.substr(colon + 1);
    } else {
        return {whole, std::nullopt};
    }
    if (auto p = port_of(port)) return {host, p};
    return {whole, std::nullopt};
}

// A node's address: the first of `Status.Addr` and its manager address's host that names a host
// (the Engine writes the wildcard where it has none).
std::string effective_address(const swarm_mode_details& d) {
    std::vector<std::string> candidates{d.status_addr};
    if (d.manager_address) candidates.push_back(address_parts(*d.manager_address).host);
    for (const auto& c : candidates) {
        if (c != "" && c != "0.0.0.0" && c != "::") return c;
    }
    return {};
}

void read_manager_status(swarm_mode_details& d, const json::object& m) {
    d.manager_leader = bool_at(m, "Leader").value_or(false);
    d.manager_reachability = text_at(m, "Reachability");
    d.manager_address = text_at(m, "Addr");
}

std::optional<node> read_node(const json::value& entry) {
    const auto* o = entry.if_object();
    if (!o) return std::nullopt;
    auto id = text_at(*o, "ID");
    auto parts = parts_of(*o);
    if (!id || !parts) return std::nullopt;

    node n;
    n.id = std::move(id);
    auto& d = n.swarm_mode.emplace();
    if (parts->spec) {
        d.role = string_at(*parts->spec, "Role").value_or("");
        d.availability = string_at(*parts->spec, "Availability").value_or("");
        n.labels = as_label_map(string_map_at(*parts->spec, "Labels"));
    }
    if (parts->description) d.hostname = string_at(*parts->description, "Hostname").value_or("");
    if (parts->engine) {
        n.server_version = text_at(*parts->engine, "EngineVersion");
        d.engine_labels = as_label_map(string_map_at(*parts->engine, "Labels"));
    }
    if (parts->platform) {
        d.platform_os = text_at(*parts->platform, "OS");
        d.platform_architecture = text_at(*parts->platform, "Architecture");
    }
    if (parts->resources) {
        d.nano_cpus = integer_at(*parts->resources, "NanoCPUs");
        d.memory_bytes = integer_at(*parts->resources, "MemoryBytes");
    }
    if (parts->status) {
        n.status = text_at(*parts->status, "State");
        n.error = text_at(*parts->status, "Message");
        d.status_addr = string_at(*parts->status, "Addr").value_or("");
    }
    if (parts->manager) read_manager_status(d, *parts->manager);

    n.name = d.hostname.empty() ? "(unknown)" : d.hostname;
    n.address = effective_address(d);
    n.endpoint = address_parts(n.address);
    return n;
}

}  // namespace

boost::system::result<node_list> reference_parse_nodes(std::string_view body) {
    auto document = parse_document(body);
    if (!document) return document.error();
    const auto* entries = document->if_array();
    if (!entries) return errc::not_a_node_list;
    node_list list;
    std::set<std::string> seen;
    for (const auto& entry : *entries) {
        auto n = read_node(entry);
        if (!n || !seen.insert(*n->id).second) {
            ++list.skipped;
            continue;
        }
        list.nodes.push_back(std::move(*n));
    }
    return list;
}

}  // namespace swarmsd::fuzz
