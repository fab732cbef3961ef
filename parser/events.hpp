#pragma once

#include <array>
#include <boost/json/basic_parser.hpp>
#include <boost/system/error_code.hpp>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace swarmsd::parser {

/// What one event of a master's `/events` stream says, as far as discovery cares.
struct engine_event {
    std::string type;    ///< `Type`: node (swarm mode), swarm (classic manager), container, ...
    std::string action;  ///< `Action` (or the old `status`): update, engine_disconnect, ...
    /// `Actor.ID`: the node a node event is about (swarm mode); empty when not given. At most 64
    /// bytes are kept: a longer one is no node ID (`is_node_id`).
    std::string actor_id{};
    bool operator==(const engine_event&) const = default;
};

/// A classic manager's actions for an engine that joins, leaves or comes back.
inline constexpr std::array<std::string_view, 3> engine_actions{
    "engine_connect", "engine_disconnect", "engine_reconnect"};

/// True for events after which the node list may differ: any node event of a swarm-mode
/// manager; a classic manager's `engine_actions`.
[[nodiscard]] bool changes_nodes(const engine_event& event);

/// True when `id` can be a swarm node's ID, and so be asked for as `GET /nodes/<id>`: 1 to 63
/// letters and digits (the Engine's are 25).
[[nodiscard]] bool is_node_id(std::string_view id);

/// Reads an event stream: JSON objects back to back, newline-separated (Docker Engine) or not
/// (classic Swarm), arriving in pieces of any size. Keeps only `Type` and `Action` of each, so a
/// busy cluster's container events cost a scan and no allocation, and memory stays bounded
/// whatever the stream sends.
class event_reader {
  public:
    /// Called for each whole event.
    using event_handler = std::function<void(const engine_event&)>;

    /// An event longer than `max_event_bytes` is an error (`errc::event_too_large`).
    explicit event_reader(std::size_t max_event_bytes = 64 * 1024);

    /// Reads `bytes`, calling `on_event` for each event they complete. After an error (not JSON,
    /// an event too large) the stream is unusable: open a new one.
    [[nodiscard]] boost::system::error_code feed(std::string_view bytes,
                                                 const event_handler& on_event);

  private:
    struct handler {
        /// Boost.JSON's limits, far above any event; `max_event_bytes` bounds an event first.
        static constexpr std::size_t max_object_size = 1'000'000;
        static constexpr std::size_t max_array_size = 1'000'000;
        static constexpr std::size_t max_key_size = 1'000'000;
        static constexpr std::size_t max_string_size = 1'000'000;

        bool on_document_begin(boost::system::error_code&);
        bool on_document_end(boost::system::error_code&) { return true; }
        bool on_object_begin(boost::system::error_code&);
        bool on_object_end(std::size_t, boost::system::error_code&);
        bool on_array_begin(boost::system::error_code&);
        bool on_array_end(std::size_t, boost::system::error_code&);
        bool on_key_part(std::string_view part, std::size_t, boost::system::error_code&);
        bool on_key(std::string_view part, std::size_t, boost::system::error_code&);
        bool on_string_part(std::string_view part, std::size_t, boost::system::error_code&);
        bool on_string(std::string_view part, std::size_t, boost::system::error_code&);
        bool on_number_part(std::string_view, boost::system::error_code&) { return true; }
        bool on_int64(std::int64_t, std::string_view, boost::system::error_code&);
        bool on_uint64(std::uint64_t, std::string_view, boost::system::error_code&);
        bool on_double(double, std::string_view, boost::system::error_code&);
        bool on_bool(bool, boost::system::error_code&);
        bool on_null(boost::system::error_code&);
        bool on_comment_part(std::string_view, boost::system::error_code&) { return true; }
        bool on_comment(std::string_view, boost::system::error_code&) { return true; }

        void scalar();            // a value other than a string ends at the current depth
        bool reads_keys() const;  // at the top level, or in `Actor`

        engine_event event;
        std::size_t depth = 0;
        std::string key;  ///< the current top-level key, bounded
        enum class field { none, type, action, status, actor, actor_id } wanted = field::none;
        bool in_actor = false;  ///< inside the top-level `Actor` object
        std::string status;     ///< the old spelling of `Action`, used when `Action` is missing
        bool top_is_object = true;
    };

    boost::json::basic_parser<handler> parser_;
    std::size_t max_event_bytes_;
    std::size_t event_bytes_ = 0;
};

}  // namespace swarmsd::parser
