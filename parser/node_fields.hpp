#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "parser/labels.hpp"
#include "parser/node.hpp"

namespace swarmsd::parser {

/// The members of one `GET /nodes` entry that swarm-sd reads, fed value by value by a streaming
/// parser, with the same reading as a DOM would give: a repeated key's last value counts, a
/// member of another type is absent, and a part (`Spec`, `Description`, `Engine`, `Platform`,
/// `Resources`, `Status`, `ManagerStatus`) present with a type other than object or null makes the
/// entry malformed. Nothing is kept of the members it does not name.
class node_fields {
  public:
    /// What an open container, or the value after a key, is to a node.
    enum slot : std::uint8_t {
        ignored,  // not read: its members and values are skipped
        list,     // the top-level array
        entry,    // one node object
        // parts (objects)
        spec,
        description,
        engine,
        platform,
        resources,
        status,
        manager,
        spec_labels,
        engine_labels,
        // values
        id,
        role,
        availability,
        hostname,
        engine_version,
        os,
        architecture,
        nano_cpus,
        memory_bytes,
        state,
        message,
        addr,
        leader,
        reachability,
        manager_addr,
        spec_label,    // a member of Spec.Labels; its key is kept
        engine_label,  // a member of Description.Engine.Labels
    };

    /// A new entry begins: everything read so far is forgotten.
    void begin_entry();
    /// The slot of member `key` of the open container `container`.
    slot member(slot container, std::string_view key);
    /// An object opens as the value of `value`: the container slot it becomes.
    slot open_object(slot value);

    void string_value(slot value, std::string_view s);
    void integer_value(slot value, long long i);
    void bool_value(slot value, bool b);
    void null_value(slot value);
    /// An array, a fraction, an out-of-range number: of no use wherever it stands.
    void other_value(slot value);

    /// The node read, or nothing when the entry is not a usable node (no ID, a malformed part).
    std::optional<node> take_node();

  private:
    /// Where a value is kept; its type is the type the value must have (none: not a value).
    using place = std::variant<std::monostate, std::string*, std::optional<std::string>*,
                               std::optional<long long>*, std::optional<bool>*>;
    place place_of(slot value);
    label_log& labels_of(slot labels_or_label);
    void reset(slot part);
    void wrong_type(slot value);

    node node_;
    std::optional<bool> leader_;
    bool manager_present_ = false;
    std::uint16_t malformed_ = 0;  // one bit per part present with the wrong type
    std::string label_key_;
    label_log spec_labels_;    // Spec.Labels as read, made the node's at the end of the entry
    label_log engine_labels_;  // Description.Engine.Labels likewise
};

}  // namespace swarmsd::parser
