#pragma once

#include <boost/system/result.hpp>
#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "parser/errc.hpp"
#include "parser/node.hpp"

namespace swarmsd::parser {

/// What a swarm-mode manager's `GET /nodes` lists.
struct node_list {
    std::vector<node> nodes;  ///< in the manager's order, each with `swarm_mode` set
    std::size_t skipped =
        0;  ///< entries that were not a usable node: not an object, no ID, a repeated ID
    bool operator==(const node_list&) const = default;
};

/// Reads a `GET /nodes` body (Engine 1.12 through 28.x shapes). A malformed entry is skipped and
/// counted, never the whole answer. A node whose `Status.Addr` is `0.0.0.0`, `::` or empty (a
/// known trap on managers) gets the host of `ManagerStatus.Addr` as its address. Errors:
/// `errc::not_json`, `errc::not_a_node_list`.
[[nodiscard]] boost::system::result<node_list> parse_nodes(std::string_view body);

/// Reads a `GET /nodes/<id>` body: one node, read as an entry of `parse_nodes` is. Errors:
/// `errc::not_json`, `errc::not_a_node` (not an object, or not a usable node: no ID, a malformed
/// part).
[[nodiscard]] boost::system::result<node> parse_node(std::string_view body);

/// `parse_nodes` for a body that arrives in pieces: each piece is read as it comes and dropped,
/// so the whole body is never held (the nodes are all that is kept).
class node_list_reader {
  public:
    /// `expected_size`: the body's size when known, to make room for its nodes at once.
    explicit node_list_reader(std::size_t expected_size = 0);
    ~node_list_reader();
    node_list_reader(const node_list_reader&) = delete;
    node_list_reader& operator=(const node_list_reader&) = delete;

    /// The body's size, once known (before the first piece): room is made for its nodes at once.
    void expect(std::size_t body_size);
    /// The next piece of the body; false once the text so far is not JSON (later calls too).
    bool write(std::string_view piece);
    /// Nodes read so far (a repeated ID counted until `finish`).
    [[nodiscard]] std::size_t nodes_read() const;
    /// The body has ended: what `parse_nodes` of the whole body gives. Call once.
    [[nodiscard]] boost::system::result<node_list> finish();

  private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace swarmsd::parser
