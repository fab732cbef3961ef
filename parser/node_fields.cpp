#include "parser/node_fields.hpp"

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
    switch (container) {
        case entry:
            return key == "ID"              ? id
                   : key == "Spec"          ? spec
                   : key == "Description"   ? description
                   : key == "Status"        ? status
                   : key == "ManagerStatus" ? manager
                                            : ignored;
        case spec:
            return key == "Role"           ? role
                   : key == "Availability" ? availability
                   : key == "Labels"       ? spec_labels
                                           : ignored;
        case description:
            return key == "Hostname"    ? hostname
                   : key == "Engine"    ? engine
                   : key == "Platform"  ? platform
                   : key == "Resources" ? resources
                                        : ignored;
        case engine:
            return key == "EngineVersion" ? engine_version
                   : key == "Labels"      ? engine_labels
                                          : ignored;
        case platform:
            return key == "OS" ? os : key == "Architecture" ? architecture : ignored;
        case resources:
            return key == "NanoCPUs" ? nano_cpus : key == "MemoryBytes" ? memory_bytes : ignored;
        case status:
            return key == "State"     ? state
                   : key == "Message" ? message
                   : key == "Addr"    ? addr
                                      : ignored;
        case manager:
            return key == "Leader"         ? leader
                   : key == "Reachability" ? reachability
                   : key == "Addr"         ? manager_addr
                                           : ignored;
        case spec_labels:
            label_key_.assign(key);
            return spec_label;
        case engine_labels:
            label_key_.assign(key);
            return engine_label;
        default:
            return ignored;
    }
}

node_fields::slot node_fields::open_object(slot value) {
    if (is_part(value)) {
        reset(value);
        if (value == manager) manager_present_ = true;
        return value;
    }
    if (value == spec_labels || value == engine_labels) {
        reset(value);
        return value;
    }
    if (value != ignored) wrong_type(value);
    return ignored;
}

void node_fields::reset(slot part) {
    auto& d = *node_.swarm_mode;
    switch (part) {
        case spec:
            d.role.clear();
            d.availability.clear();
            spec_labels_.clear();
            break;
        case description:
            d.hostname.clear();
            reset(engine);
            reset(platform);
            reset(resources);
            break;
        case engine:
            node_.server_version.reset();
            engine_labels_.clear();
            break;
        case platform:
            d.platform_os.reset();
            d.platform_architecture.reset();
            break;
        case resources:
            d.nano_cpus.reset();
            d.memory_bytes.reset();
            break;
        case status:
            node_.status.reset();
            node_.error.reset();
            d.status_addr.clear();
            break;
        case manager:
            leader_.reset();
            d.manager_reachability.reset();
            d.manager_address.reset();
            manager_present_ = false;
            break;
        case spec_labels:
            spec_labels_.clear();
            return;
        case engine_labels:
            engine_labels_.clear();
            return;
        default:
            return;
    }
    malformed_ = static_cast<std::uint16_t>(malformed_ & ~bit(part));
}

void node_fields::string_value(slot value, std::string_view s) {
    auto& d = *node_.swarm_mode;
    switch (value) {
        case id:
            return set_text(node_.id, s);
        case role:
            d.role.assign(s);
            return;
        case availability:
            d.availability.assign(s);
            return;
        case hostname:
            d.hostname.assign(s);
            return;
        case addr:
            d.status_addr.assign(s);
            return;
        case engine_version:
            return set_text(node_.server_version, s);
        case os:
            return set_text(d.platform_os, s);
        case architecture:
            return set_text(d.platform_architecture, s);
        case state:
            return set_text(node_.status, s);
        case message:
            return set_text(node_.error, s);
        case reachability:
            return set_text(d.manager_reachability, s);
        case manager_addr:
            return set_text(d.manager_address, s);
        case spec_label:
            spec_labels_.emplace_back(label_key_, std::string(s));
            return;
        case engine_label:
            engine_labels_.emplace_back(label_key_, std::string(s));
            return;
        default:
            return wrong_type(value);
    }
}

void node_fields::integer_value(slot value, long long i) {
    auto& d = *node_.swarm_mode;
    if (value == nano_cpus) {
        d.nano_cpus = i;
    } else if (value == memory_bytes) {
        d.memory_bytes = i;
    } else {
        wrong_type(value);
    }
}

void node_fields::bool_value(slot value, bool b) {
    if (value == leader) {
        leader_ = b;
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

void node_fields::wrong_type(slot value) {
    auto& d = *node_.swarm_mode;
    if (is_part(value)) {
        reset(value);
        malformed_ = static_cast<std::uint16_t>(malformed_ | bit(value));
        return;
    }
    switch (value) {
        case spec_labels:
        case engine_labels:
            return reset(value);
        case spec_label:
            spec_labels_.emplace_back(label_key_, std::nullopt);
            return;
        case engine_label:
            engine_labels_.emplace_back(label_key_, std::nullopt);
            return;
        case id:
            node_.id.reset();
            return;
        case role:
            d.role.clear();
            return;
        case availability:
            d.availability.clear();
            return;
        case hostname:
            d.hostname.clear();
            return;
        case addr:
            d.status_addr.clear();
            return;
        case engine_version:
            node_.server_version.reset();
            return;
        case os:
            d.platform_os.reset();
            return;
        case architecture:
            d.platform_architecture.reset();
            return;
        case state:
            node_.status.reset();
            return;
        case message:
            node_.error.reset();
            return;
        case reachability:
            d.manager_reachability.reset();
            return;
        case manager_addr:
            d.manager_address.reset();
            return;
        case nano_cpus:
            d.nano_cpus.reset();
            return;
        case memory_bytes:
            d.memory_bytes.reset();
            return;
        case leader:
            leader_.reset();
            return;
        default:
            return;
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
