#include "parser/node_fields.hpp"

#include <array>
#include <variant>

#include "text/address.hpp"

namespace swarmsd::parser {
namespace {

bool is_part(node_fields::slot s) { return s >= node_fields::spec && s <= node_fields::manager; }

std::uint16_t bit(node_fields::slot part) {
    return static_cast<std::uint16_t>(1u << (part - node_fields::spec));
}

bool is_unspecified(std::string_view host) {
    return host.empty() || host == "0.0.0.0" || host == "::";
}

// `Status.Addr`, unless a manager reports the wildcard there: then its manager address's host.
std::string effective_address(const swarm_mode_details& d) {
    if (!is_unspecified(d.status_addr)) return d.status_addr;
    if (d.manager_address) {
        auto host = text::split_address(*d.manager_address).host;
        if (!is_unspecified(host)) return host;
    }
    return {};
}

// A text member: present when a non-empty string, as json_access::text_at reads it.
void set_text(std::optional<std::string>& field, std::string_view s) {
    if (s.empty()) {
        field.reset();
    } else {
        field.emplace(s);
    }
}

// One member swarm-sd reads, once: the container it is in, its key, and the slot it becomes. Where
// a value goes, and so the type it must have, is `node_fields::place_of`.
struct field {
    node_fields::slot container;
    std::string_view key;
    node_fields::slot slot;
};

using n = node_fields;  // its slots, for the table

constexpr field fields[] = {
    {n::entry, "ID", n::id},
    {n::entry, "Spec", n::spec},
    {n::entry, "Description", n::description},
    {n::entry, "Status", n::status},
    {n::entry, "ManagerStatus", n::manager},
    {n::spec, "Role", n::role},
    {n::spec, "Availability", n::availability},
    {n::spec, "Labels", n::spec_labels},
    {n::description, "Hostname", n::hostname},
    {n::description, "Engine", n::engine},
    {n::description, "Platform", n::platform},
    {n::description, "Resources", n::resources},
    {n::engine, "EngineVersion", n::engine_version},
    {n::engine, "Labels", n::engine_labels},
    {n::platform, "OS", n::os},
    {n::platform, "Architecture", n::architecture},
    {n::resources, "NanoCPUs", n::nano_cpus},
    {n::resources, "MemoryBytes", n::memory_bytes},
    {n::status, "State", n::state},
    {n::status, "Message", n::message},
    {n::status, "Addr", n::addr},
    {n::manager, "Leader", n::leader},
    {n::manager, "Reachability", n::reachability},
    {n::manager, "Addr", n::manager_addr},
};

// The rows of each container, which lie together in `fields`: `[first, end)` by container slot.
struct row_range {
    std::uint8_t first = 0;
    std::uint8_t end = 0;
};

// Built at compile time; a container whose rows do not lie together in `fields` stops the build.
constexpr auto rows_by_container = [] {
    std::array<row_range, n::engine_label + 1> ranges{};
    for (std::uint8_t i = 0; i < std::size(fields); ++i) {
        auto& r = ranges[fields[i].container];
        if (r.first == r.end)
            r.first = i;
        else if (r.end != i)
            throw "each container's rows must lie together in `fields`";
        r.end = static_cast<std::uint8_t>(i + 1);
    }
    return ranges;
}();

bool is_labels(node_fields::slot s) { return s == n::spec_labels || s == n::engine_labels; }
bool is_label(node_fields::slot s) { return s == n::spec_label || s == n::engine_label; }

// Forgets a value: absent, as a member of the wrong type is.
struct forget {
    void operator()(std::monostate) const {}
    void operator()(std::string* s) const { s->clear(); }
    template <typename T>
    void operator()(std::optional<T>* o) const {
        o->reset();
    }
};

}  // namespace

void node_fields::begin_entry() {
    node_ = node{};
    node_.swarm_mode.emplace();
    spec_labels_.clear();
    engine_labels_.clear();
    leader_.reset();
    manager_present_ = false;
    malformed_ = 0;
}

node_fields::slot node_fields::member(slot container, std::string_view key) {
    if (is_labels(container)) {
        label_key_.assign(key);
        return container == spec_labels ? spec_label : engine_label;
    }
    auto [first, end] = rows_by_container[container];
    for (auto i = first; i < end; ++i) {
        if (fields[i].key == key) return fields[i].slot;
    }
    return ignored;
}

node_fields::place node_fields::place_of(slot value) {
    auto& d = *node_.swarm_mode;
    switch (value) {
        case id:
            return &node_.id;
        case role:
            return &d.role;
        case availability:
            return &d.availability;
        case hostname:
            return &d.hostname;
        case addr:
            return &d.status_addr;
        case engine_version:
            return &node_.server_version;
        case os:
            return &d.platform_os;
        case architecture:
            return &d.platform_architecture;
        case state:
            return &node_.status;
        case message:
            return &node_.error;
        case reachability:
            return &d.manager_reachability;
        case manager_addr:
            return &d.manager_address;
        case nano_cpus:
            return &d.nano_cpus;
        case memory_bytes:
            return &d.memory_bytes;
        case leader:
            return &leader_;
        default:
            return {};
    }
}

label_log& node_fields::labels_of(slot s) {
    return s == spec_labels || s == spec_label ? spec_labels_ : engine_labels_;
}

node_fields::slot node_fields::open_object(slot value) {
    if (is_part(value) || is_labels(value)) {
        reset(value);
        if (value == manager) manager_present_ = true;
        return value;
    }
    if (value != ignored) wrong_type(value);
    return ignored;
}

// A part opens (or is null, or of the wrong type): what was read of it before is forgotten, its
// own parts included.
void node_fields::reset(slot part) {
    if (is_labels(part)) return labels_of(part).clear();
    auto [first, end] = rows_by_container[part];
    for (auto i = first; i < end; ++i) {
        const auto& f = fields[i];
        if (is_part(f.slot) || is_labels(f.slot)) {
            reset(f.slot);
        } else {
            std::visit(forget{}, place_of(f.slot));
        }
    }
    if (part == manager) manager_present_ = false;
    malformed_ = static_cast<std::uint16_t>(malformed_ & ~bit(part));
}

void node_fields::string_value(slot value, std::string_view s) {
    if (is_label(value)) {
        labels_of(value).emplace_back(label_key_, std::string(s));
        return;
    }
    auto at = place_of(value);
    if (auto* text = std::get_if<std::string*>(&at)) {
        (*text)->assign(s);
    } else if (auto* optional_text = std::get_if<std::optional<std::string>*>(&at)) {
        set_text(**optional_text, s);
    } else {
        wrong_type(value);
    }
}

void node_fields::integer_value(slot value, long long i) {
    auto at = place_of(value);
    if (auto* integer = std::get_if<std::optional<long long>*>(&at)) {
        **integer = i;
    } else {
        wrong_type(value);
    }
}

void node_fields::bool_value(slot value, bool b) {
    auto at = place_of(value);
    if (auto* boolean = std::get_if<std::optional<bool>*>(&at)) {
        **boolean = b;
    } else {
        wrong_type(value);
    }
}

void node_fields::null_value(slot value) {
    // A null part is an absent part, not a malformed one.
    if (is_part(value)) {
        reset(value);
    } else {
        wrong_type(value);
    }
}

void node_fields::other_value(slot value) { wrong_type(value); }

// A value of a type its place cannot hold is absent; a part of the wrong type makes the node
// malformed; a label of the wrong type takes the key out, as if it were never assigned.
void node_fields::wrong_type(slot value) {
    if (is_part(value)) {
        reset(value);
        malformed_ = static_cast<std::uint16_t>(malformed_ | bit(value));
    } else if (is_labels(value)) {
        reset(value);
    } else if (is_label(value)) {
        labels_of(value).emplace_back(label_key_, std::nullopt);
    } else {
        std::visit(forget{}, place_of(value));
    }
}

std::optional<node> node_fields::take_node() {
    if (!node_.id || malformed_ != 0) return std::nullopt;
    auto& d = *node_.swarm_mode;
    if (manager_present_) d.manager_leader = leader_.value_or(false);
    node_.name = d.hostname.empty() ? "(unknown)" : d.hostname;
    node_.address = effective_address(d);
    node_.endpoint = text::split_address(node_.address);
    node_.labels = labels_from(spec_labels_);
    d.engine_labels = labels_from(engine_labels_);
    return std::move(node_);
}

}  // namespace swarmsd::parser
