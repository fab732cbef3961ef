#include "parser/json_access.hpp"

#include <boost/json/parse.hpp>

#include "parser/errc.hpp"

namespace swarmsd::parser::json_access {
namespace json = boost::json;

boost::system::result<json::value> parse_document(std::string_view body, json::storage_ptr memory) {
    json::parse_options options;
    options.max_depth = 64;
    boost::system::error_code ec;
    auto value = json::parse(body, ec, std::move(memory), options);
    if (ec) return errc::not_json;
    return value;
}

std::optional<std::string_view> string_at(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (!v || !v->is_string()) return std::nullopt;
    return std::string_view(v->get_string());
}

std::optional<std::string> text_at(const json::object& o, std::string_view key) {
    auto s = string_at(o, key);
    if (!s || s->empty()) return std::nullopt;
    return std::string(*s);
}

std::optional<bool> bool_at(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (!v || !v->is_bool()) return std::nullopt;
    return v->get_bool();
}

std::optional<long long> integer_at(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (!v) return std::nullopt;
    if (v->is_int64()) return v->get_int64();
    if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
        return static_cast<long long>(v->get_uint64());
    }
    return std::nullopt;
}

object_member object_at(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (!v || v->is_null()) return {};
    if (const auto* object = v->if_object()) return {object, false};
    return {nullptr, true};
}

}  // namespace swarmsd::parser::json_access
