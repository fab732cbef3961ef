#include "parser/events.hpp"

#include <algorithm>
#include <boost/json/basic_parser_impl.hpp>

#include "parser/errc.hpp"

namespace swarmsd::parser {
namespace {

using boost::system::error_code;

// Longer keys and values than any Type or Action are cut: they match nothing we look for.
constexpr std::size_t max_kept = 64;

void append_bounded(std::string& to, std::string_view part) {
    if (to.size() < max_kept) to.append(part.substr(0, max_kept - to.size()));
}

}  // namespace

bool changes_nodes(const engine_event& event) {
    if (event.type == "node") return true;
    return std::find(engine_actions.begin(), engine_actions.end(), event.action) !=
           engine_actions.end();
}

bool is_node_id(std::string_view id) {
    return !id.empty() && id.size() < max_kept && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    });
}

bool event_reader::handler::on_document_begin(error_code&) {
    event = {};
    in_actor = false;
    status.clear();
    key.clear();
    depth = 0;
    wanted = field::none;
    top_is_object = true;
    return true;
}

bool event_reader::handler::on_object_begin(error_code&) {
    // `Actor` is the one nested object read: its `ID` names the node of a node event.
    if (depth == 1) {
        in_actor = wanted == field::actor;
        if (in_actor) event.actor_id.clear();
    }
    ++depth;
    wanted = field::none;
    return true;
}

bool event_reader::handler::on_object_end(std::size_t, error_code&) {
    if (--depth == 0 && event.action.empty()) event.action = status;
    if (depth == 1) in_actor = false;
    return true;
}

bool event_reader::handler::on_array_begin(error_code&) {
    if (depth == 0) top_is_object = false;
    ++depth;
    wanted = field::none;
    return true;
}

bool event_reader::handler::on_array_end(std::size_t, error_code&) {
    --depth;
    return true;
}

bool event_reader::handler::reads_keys() const { return depth == 1 || (depth == 2 && in_actor); }

bool event_reader::handler::on_key_part(std::string_view part, std::size_t, error_code&) {
    if (reads_keys()) append_bounded(key, part);
    return true;
}

bool event_reader::handler::on_key(std::string_view part, std::size_t, error_code&) {
    if (!reads_keys()) return true;
    append_bounded(key, part);
    if (depth == 2) {
        wanted = key == "ID" ? field::actor_id : field::none;
        if (wanted == field::actor_id) event.actor_id.clear();
        key.clear();
        return true;
    }
    wanted = key == "Type"     ? field::type
             : key == "Action" ? field::action
             : key == "status" ? field::status
             : key == "Actor"  ? field::actor
                               : field::none;
    key.clear();
    if (wanted == field::type) event.type.clear();
    if (wanted == field::action) event.action.clear();
    if (wanted == field::status) status.clear();
    return true;
}

bool event_reader::handler::on_string_part(std::string_view part, std::size_t, error_code&) {
    if (depth == 2 && in_actor && wanted == field::actor_id) append_bounded(event.actor_id, part);
    if (depth != 1) return true;
    if (wanted == field::type) append_bounded(event.type, part);
    if (wanted == field::action) append_bounded(event.action, part);
    if (wanted == field::status) append_bounded(status, part);
    return true;
}

bool event_reader::handler::on_string(std::string_view part, std::size_t n, error_code& ec) {
    on_string_part(part, n, ec);
    if (reads_keys()) wanted = field::none;
    return true;
}

void event_reader::handler::scalar() {
    if (reads_keys()) wanted = field::none;
}

bool event_reader::handler::on_int64(std::int64_t, std::string_view, error_code&) {
    scalar();
    return true;
}
bool event_reader::handler::on_uint64(std::uint64_t, std::string_view, error_code&) {
    scalar();
    return true;
}
bool event_reader::handler::on_double(double, std::string_view, error_code&) {
    scalar();
    return true;
}
bool event_reader::handler::on_bool(bool, error_code&) {
    scalar();
    return true;
}
bool event_reader::handler::on_null(error_code&) {
    scalar();
    return true;
}

event_reader::event_reader(std::size_t max_event_bytes)
    : parser_(boost::json::parse_options{}), max_event_bytes_(max_event_bytes) {}

error_code event_reader::feed(std::string_view bytes, const event_handler& on_event) {
    while (!bytes.empty()) {
        // Between events: the newlines an Engine writes, or nothing at all (classic Swarm).
        if (event_bytes_ == 0) {
            auto start = bytes.find_first_not_of(" \t\r\n");
            if (start == std::string_view::npos) return {};
            bytes.remove_prefix(start);
        }
        error_code ec;
        auto used = parser_.write_some(true, bytes.data(), bytes.size(), ec);
        if (ec) return errc::not_json;
        event_bytes_ += used;
        bytes.remove_prefix(used);
        if (!parser_.done()) {
            if (event_bytes_ > max_event_bytes_) return errc::event_too_large;
            continue;
        }
        if (event_bytes_ > max_event_bytes_) return errc::event_too_large;
        const auto& h = parser_.handler();
        if (h.top_is_object) on_event(h.event);
        parser_.reset();
        event_bytes_ = 0;
    }
    return {};
}

}  // namespace swarmsd::parser
