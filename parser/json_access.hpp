#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace swarmsd::parser {

/// Tolerant readers over Boost.JSON values: a member that is missing or of another type reads as
/// absent, so one odd field never costs a whole answer.
namespace json_access {

/// A whole answer parsed as a JSON document, at most 64 levels deep (real answers nest about 8);
/// anything that does not parse, including invalid UTF-8, is `errc::not_json`. Its memory comes
/// from `memory` (the default: the heap).
[[nodiscard]] boost::system::result<boost::json::value> parse_document(
    std::string_view body, boost::json::storage_ptr memory = {});

/// `o[key]` when it is a string.
[[nodiscard]] std::optional<std::string_view> string_at(const boost::json::object& o,
                                                        std::string_view key);

/// `o[key]` when it is a string and not empty, copied.
[[nodiscard]] std::optional<std::string> text_at(const boost::json::object& o,
                                                 std::string_view key);

/// `o[key]` when it is a boolean.
[[nodiscard]] std::optional<bool> bool_at(const boost::json::object& o, std::string_view key);

/// `o[key]` when it is a whole number that fits in a long long.
[[nodiscard]] std::optional<long long> integer_at(const boost::json::object& o,
                                                  std::string_view key);

/// How a member that should be an object turned out.
struct object_member {
    const boost::json::object* object = nullptr;  ///< set when it is an object
    bool wrong_type = false;                      ///< present, not null, and not an object
};

/// `o[key]` when it is an object; `wrong_type` tells a malformed member from a missing or null one.
[[nodiscard]] object_member object_at(const boost::json::object& o, std::string_view key);

}  // namespace json_access
}  // namespace swarmsd::parser
