#pragma once

#include <boost/system/error_code.hpp>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace swarmsd::parser {

/// One element of a status table as it stood in the JSON, before any meaning is given to it.
/// Compact (32 bytes): a table holds a dozen rows per node.
struct raw_row {
    const char* key_data = nullptr;
    const char* value_data = nullptr;
    std::uint32_t key_size = 0;
    std::uint32_t value_size = 0;
    std::uint32_t arity = 0;  ///< element count; 0 for an element that is not an array
    bool key_is_string = false;
    bool value_is_string = false;

    /// The first element, when it is a string.
    [[nodiscard]] std::string_view key() const { return {key_data, key_size}; }
    /// The second element, when it is a string.
    [[nodiscard]] std::string_view value() const { return {value_data, value_size}; }
    /// A well-formed `[key, value]` row of two strings.
    [[nodiscard]] bool is_pair() const { return arity == 2 && key_is_string && value_is_string; }
};

/// The parts of an `/info` body the parser reads, gathered in one pass without building a DOM.
struct status_tables {
    bool is_object = false;  ///< the document is a JSON object
    std::vector<raw_row> system_status;
    std::vector<raw_row> driver_status;
    /// Unescaped copies for strings that could not be viewed in the body; views point here.
    std::deque<std::string> copies;
};

/// Scans `body` (which must outlive the result: rows view into it) and collects the rows of its
/// top-level `SystemStatus` and `DriverStatus` arrays. Fails with Boost.JSON's error for text that
/// is not one valid JSON document (strict UTF-8, at most `max_depth` levels, no string of 4 GiB
/// or more), and with
/// `errc::too_many_rows` when a table holds more than `max_rows` rows.
[[nodiscard]] boost::system::error_code scan_status_tables(std::string_view body,
                                                           std::size_t max_depth,
                                                           std::size_t max_rows,
                                                           status_tables& out);

}  // namespace swarmsd::parser
