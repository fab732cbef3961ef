#include "parser/parse_nodes.hpp"

#include <algorithm>
#include <boost/json/basic_parser_impl.hpp>
#include <functional>

#include "parser/node_fields.hpp"
#include "text/address.hpp"

namespace swarmsd::parser {
namespace json = boost::json;
using boost::system::error_code;

namespace {

// Handler for json::basic_parser: one pass over the body, no DOM. It keeps a stack of what each
// open container is (a node entry, its Spec, ..., or something not read) and hands each value
// to the node being read; everything else is validated by the parser and dropped.
class node_reader {
  public:
    constexpr static std::size_t max_object_size = std::size_t(-1);
    constexpr static std::size_t max_array_size = std::size_t(-1);
    constexpr static std::size_t max_key_size = std::size_t(-1);
    constexpr static std::size_t max_string_size = std::size_t(-1);

    /// `single`: the body is one node object (`GET /nodes/<id>`), not a list of them.
    explicit node_reader(node_list& out, bool single = false) : out_(out), single_(single) {}

    void reserve(std::size_t nodes) {
        out_.nodes.reserve(nodes);
        id_hashes_.reserve(nodes);
    }

    // The hash of each node's ID, taken while the ID is in the cache (see `drop_repeated_ids`).
    const std::vector<std::size_t>& id_hashes() const { return id_hashes_; }

    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) { return true; }

    bool on_array_begin(error_code&) {
        if (stack_.empty()) {
            is_array_ = true;
            stack_.push_back(node_fields::list);
            return true;
        }
        other_value();
        stack_.push_back(node_fields::ignored);
        return true;
    }
    bool on_array_end(std::size_t, error_code&) {
        stack_.pop_back();
        return true;
    }

    bool on_object_begin(error_code&) {
        if (at_list() || (single_ && stack_.empty())) {
            fields_.begin_entry();
            stack_.push_back(node_fields::entry);
            return true;
        }
        if (stack_.empty()) {
            stack_.push_back(node_fields::ignored);
            return true;
        }
        stack_.push_back(fields_.open_object(pending_));
        pending_ = node_fields::ignored;
        return true;
    }
    bool on_object_end(std::size_t, error_code&) {
        if (stack_.back() == node_fields::entry) finish_entry();
        stack_.pop_back();
        return true;
    }

    bool on_key_part(json::string_view s, std::size_t, error_code&) {
        if (reads_keys()) key_.append(s.data(), s.size());
        return true;
    }
    bool on_key(json::string_view s, std::size_t, error_code&) {
        if (!reads_keys()) return true;
        if (key_.empty()) {
            pending_ = fields_.member(stack_.back(), {s.data(), s.size()});
        } else {
            key_.append(s.data(), s.size());
            pending_ = fields_.member(stack_.back(), key_);
            key_.clear();
        }
        return true;
    }

    bool on_string_part(json::string_view s, std::size_t, error_code&) {
        if (pending_ != node_fields::ignored) part_.append(s.data(), s.size());
        return true;
    }
    bool on_string(json::string_view s, std::size_t, error_code&) {
        if (pending_ == node_fields::ignored) return other_value();
        if (part_.empty()) {
            fields_.string_value(pending_, {s.data(), s.size()});
        } else {
            part_.append(s.data(), s.size());
            fields_.string_value(pending_, part_);
            part_.clear();
        }
        pending_ = node_fields::ignored;
        return true;
    }

    bool on_number_part(json::string_view, error_code&) { return true; }
    bool on_int64(std::int64_t i, json::string_view, error_code&) {
        return scalar([&] { fields_.integer_value(pending_, static_cast<long long>(i)); });
    }
    bool on_uint64(std::uint64_t u, json::string_view, error_code&) {
        if (u > static_cast<std::uint64_t>(INT64_MAX)) return other_value();
        return scalar([&] { fields_.integer_value(pending_, static_cast<long long>(u)); });
    }
    bool on_double(double, json::string_view, error_code&) { return other_value(); }
    bool on_bool(bool b, error_code&) {
        return scalar([&] { fields_.bool_value(pending_, b); });
    }
    bool on_null(error_code&) {
        return scalar([&] { fields_.null_value(pending_); });
    }
    bool on_comment_part(json::string_view, error_code&) { return true; }
    bool on_comment(json::string_view, error_code&) { return true; }

    [[nodiscard]] bool is_array() const { return is_array_; }

  private:
    // Keys are read in the node's own objects only; elsewhere (plugin lists, TLS info) skipped.
    bool reads_keys() const {
        return !stack_.empty() && stack_.back() != node_fields::ignored &&
               stack_.back() != node_fields::list;
    }

    // A scalar: in the list itself an entry that is not a node; as a member, its value.
    template <class Apply>
    bool scalar(Apply apply) {
        if (at_list()) ++out_.skipped;
        if (pending_ != node_fields::ignored) apply();
        pending_ = node_fields::ignored;
        return true;
    }

    // A value of no use here: in the list an entry that is not a node; as a member, the wrong
    // type for what its key names.
    bool other_value() {
        return scalar([&] { fields_.other_value(pending_); });
    }

    bool at_list() const { return stack_.size() == 1 && is_array_; }

  public:
    /// Whether the body was one object (in `single` mode).
    [[nodiscard]] bool was_object() const { return single_ && !is_array_; }

  private:
    void finish_entry() {
        if (auto n = fields_.take_node()) {
            id_hashes_.push_back(std::hash<std::string_view>{}(*n->id));
            out_.nodes.push_back(std::move(*n));
        } else {
            ++out_.skipped;
        }
    }

    node_list& out_;
    std::vector<std::size_t> id_hashes_;  // in `out_.nodes`' order
    node_fields fields_;
    std::vector<node_fields::slot> stack_;
    node_fields::slot pending_ = node_fields::ignored;
    bool is_array_ = false;
    bool single_ = false;
    std::string key_;   // a key that came in parts (escaped, or split across reads)
    std::string part_;  // likewise a string value
};

// A repeated ID keeps its first node: later ones are skipped and counted, the order kept. Nodes
// are ordered by a hash of their ID (`hashes`, in the nodes' order, taken as they were read), so
// that IDs themselves are read only where hashes meet (a repeat, or a rare collision), not in
// every step of a sort, nor once more for every node.
void drop_repeated_ids(node_list& list, const std::vector<std::size_t>& hashes) {
    struct entry {
        std::size_t hash;
        std::size_t index;
    };
    auto id = [&](const entry& e) -> std::string_view { return *list.nodes[e.index].id; };
    std::vector<entry> order(list.nodes.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = {hashes[i], i};
    // By hash, then by ID, then by position: a repeated ID's first node comes first.
    std::sort(order.begin(), order.end(), [&](const entry& a, const entry& b) {
        if (a.hash != b.hash) return a.hash < b.hash;
        if (auto c = id(a).compare(id(b)); c != 0) return c < 0;
        return a.index < b.index;
    });
    std::vector<bool> repeated(order.size(), false);
    std::size_t count = 0;
    for (std::size_t i = 1; i < order.size(); ++i) {
        if (order[i].hash == order[i - 1].hash && id(order[i]) == id(order[i - 1])) {
            repeated[order[i].index] = true;
            ++count;
        }
    }
    if (count == 0) return;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < list.nodes.size(); ++i) {
        if (repeated[i]) continue;
        if (kept != i) list.nodes[kept] = std::move(list.nodes[i]);
        ++kept;
    }
    list.nodes.resize(kept);
    list.skipped += count;
}

// How deep a `/nodes` or `/nodes/<id>` answer may nest: far deeper than any real node.
json::parse_options node_parse_options() {
    json::parse_options o;
    o.max_depth = 64;
    return o;
}

}  // namespace

struct node_list_reader::impl {
    impl() : parser(node_parse_options(), list) {}
    node_list list;
    json::basic_parser<node_reader> parser;
    bool failed = false;
};

node_list_reader::node_list_reader(std::size_t expected_size) : impl_(std::make_unique<impl>()) {
    expect(expected_size);
}

void node_list_reader::expect(std::size_t body_size) {
    // A real Engine sends 1.7 to 3 KiB per node: room for all of them at once, so that nodes
    // rarely move; capacity never written to costs no memory.
    impl_->parser.handler().reserve(body_size / 1024);
}

node_list_reader::~node_list_reader() = default;

bool node_list_reader::write(std::string_view piece) {
    if (impl_->failed) return false;
    error_code ec;
    auto used = impl_->parser.write_some(true, piece.data(), piece.size(), ec);
    impl_->failed = ec || used != piece.size();
    return !impl_->failed;
}

std::size_t node_list_reader::nodes_read() const { return impl_->list.nodes.size(); }

boost::system::result<node_list> node_list_reader::finish() {
    if (impl_->failed) return errc::not_json;
    error_code ec;
    impl_->parser.write_some(false, nullptr, 0, ec);
    if (ec) return errc::not_json;
    if (!impl_->parser.handler().is_array()) return errc::not_a_node_list;
    drop_repeated_ids(impl_->list, impl_->parser.handler().id_hashes());
    return std::move(impl_->list);
}

boost::system::result<node> parse_node(std::string_view body) {
    node_list list;
    json::basic_parser<node_reader> parser(node_parse_options(), list, /*single=*/true);
    error_code ec;
    auto used = parser.write_some(false, body.data(), body.size(), ec);
    if (ec || used != body.size()) return errc::not_json;
    if (!parser.handler().was_object()) return errc::not_a_node;
    if (list.nodes.size() != 1) return errc::not_a_node;
    return std::move(list.nodes.front());
}

boost::system::result<node_list> parse_nodes(std::string_view body) {
    node_list_reader reader(body.size());
    if (!reader.write(body)) return errc::not_json;
    return reader.finish();
}

}  // namespace swarmsd::parser
