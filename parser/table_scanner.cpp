#include "parser/table_scanner.hpp"

#include <algorithm>
#include <boost/json/basic_parser_impl.hpp>
#include <limits>

#include "parser/errc.hpp"

namespace swarmsd::parser {
namespace json = boost::json;
using boost::system::error_code;

namespace {

// Depths, counted as containers entered: 1 = the top-level object, 2 = inside a table array,
// 3 = inside one row.
constexpr int top = 1, table = 2, row = 3;

// Handler for json::basic_parser: tracks depth and records only what sits in the two tables.
class collector {
  public:
    constexpr static std::size_t max_object_size = std::size_t(-1);
    constexpr static std::size_t max_array_size = std::size_t(-1);
    constexpr static std::size_t max_key_size = std::size_t(-1);
    constexpr static std::size_t max_string_size = std::numeric_limits<std::uint32_t>::max();

    collector(std::string_view body, std::size_t max_rows, status_tables& out)
        : body_(body), max_rows_(max_rows), out_(out) {}

    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) { return true; }

    bool on_object_begin(error_code& ec) {
        if (depth_ == 0) out_.is_object = true;
        other_element();
        ++depth_;
        return go_on(ec);
    }
    bool on_object_end(std::size_t, error_code&) {
        --depth_;
        return true;
    }
    bool on_array_begin(error_code& ec) {
        if (depth_ == top && field_) {
            in_table_ = field_;
            field_->clear();  // a repeated key: the last one counts, as in a DOM
            // A row takes 30 bytes of JSON or more: room for all of them at once, so the table
            // rarely moves; pages not written to cost no memory.
            if (field_ == &out_.system_status)
                field_->reserve(std::min(body_.size() / 32, max_rows_));
        } else if (depth_ == table && in_table_) {
            add_row();
            in_row_ = true;
        } else {
            other_element();
        }
        if (!go_on(ec)) return false;
        ++depth_;
        return true;
    }
    bool on_array_end(std::size_t, error_code&) {
        --depth_;
        if (depth_ == table) in_row_ = false;
        if (depth_ == top) in_table_ = nullptr;
        return true;
    }

    bool on_key_part(json::string_view s, std::size_t, error_code&) {
        if (depth_ == top) key_.append(s.data(), s.size());
        return true;
    }
    bool on_key(json::string_view s, std::size_t, error_code&) {
        if (depth_ != top) return true;
        key_.append(s.data(), s.size());
        field_ = key_ == "SystemStatus"   ? &out_.system_status
                 : key_ == "DriverStatus" ? &out_.driver_status
                                          : nullptr;
        key_.clear();
        return true;
    }

    bool on_string_part(json::string_view s, std::size_t, error_code&) {
        if (wanted()) part_.append(s.data(), s.size());
        parted_ = true;
        return true;
    }
    bool on_string(json::string_view s, std::size_t, error_code& ec) {
        if (wanted()) {
            row_string(stable_view(s));
        } else {
            other_element();
        }
        parted_ = false;
        return go_on(ec);
    }

    bool on_number_part(json::string_view, error_code&) { return true; }
    bool on_int64(std::int64_t, json::string_view, error_code& ec) { return scalar(ec); }
    bool on_uint64(std::uint64_t, json::string_view, error_code& ec) { return scalar(ec); }
    bool on_double(double, json::string_view, error_code& ec) { return scalar(ec); }
    bool on_bool(bool, error_code& ec) { return scalar(ec); }
    bool on_null(error_code& ec) { return scalar(ec); }
    bool on_comment_part(json::string_view, error_code&) { return true; }
    bool on_comment(json::string_view, error_code&) { return true; }

  private:
    // A string that lands in a row: the first two elements are kept.
    bool wanted() const { return depth_ == row && in_row_ && in_table_->back().arity < 2; }

    bool scalar(error_code& ec) {
        other_element();
        return go_on(ec);
    }

    // A value that is not a kept row string. Directly in a table it is a junk row; in a row it is
    // one more element. Anywhere else (fields we do not read, at any depth) it is nothing to us.
    void other_element() {
        if (depth_ == table && in_table_) add_row();
        if (depth_ == row && in_row_) count_element(in_table_->back());
    }

    static void count_element(raw_row& r) {
        if (r.arity < std::numeric_limits<std::uint32_t>::max()) ++r.arity;
    }

    // A table longer than `max_rows` stops the scan: its rows would cost memory out of all
    // proportion to the nodes any usable answer lists.
    void add_row() {
        if (in_table_->size() >= max_rows_) {
            too_many_rows_ = true;
            return;
        }
        in_table_->emplace_back();
    }

    bool go_on(error_code& ec) {
        if (!too_many_rows_) return true;
        ec = errc::too_many_rows;
        return false;
    }

    void row_string(std::string_view s) {
        auto& r = in_table_->back();
        auto size = static_cast<std::uint32_t>(s.size());  // max_string_size bounds it
        if (r.arity == 0) {
            r.key_data = s.data();
            r.key_size = size;
            r.key_is_string = true;
        } else {
            r.value_data = s.data();
            r.value_size = size;
            r.value_is_string = true;
        }
        count_element(r);
    }

    // The string as a view that outlives the parser: into the body when it was read whole from
    // it, else into a copy (escaped strings are unescaped into the parser's own buffer).
    std::string_view stable_view(json::string_view s) {
        if (!parted_ && s.data() >= body_.data() &&
            s.data() + s.size() <= body_.data() + body_.size()) {
            return {s.data(), s.size()};
        }
        part_.append(s.data(), s.size());
        auto& copy = out_.copies.emplace_back(std::move(part_));
        part_.clear();
        return copy;
    }

    std::string_view body_;
    std::size_t max_rows_;
    bool too_many_rows_ = false;
    status_tables& out_;
    int depth_ = 0;
    std::vector<raw_row>* field_ = nullptr;     // the table the current top-level key names
    std::vector<raw_row>* in_table_ = nullptr;  // the table being read
    bool in_row_ = false;
    bool parted_ = false;
    std::string key_;
    std::string part_;
};

}  // namespace

error_code scan_status_tables(std::string_view body, std::size_t max_depth, std::size_t max_rows,
                              status_tables& out) {
    json::parse_options options;
    options.max_depth = max_depth;
    json::basic_parser<collector> parser(options, body, max_rows, out);
    error_code ec;
    auto used = parser.write_some(false, body.data(), body.size(), ec);
    if (!ec && used != body.size()) ec = json::error::extra_data;
    return ec;
}

}  // namespace swarmsd::parser
