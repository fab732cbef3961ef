#include "swarm/master/fetch_node.hpp"

#include <string>

#include "parser/events.hpp"
#include "parser/parse_nodes.hpp"
#include "swarm/master/errc.hpp"

namespace swarmsd::master {
namespace net = boost::asio;
using boost::system::error_code;
using boost::system::result;

net::awaitable<result<std::optional<parser::node>>> fetch_node(engine_client& master,
                                                               std::string_view id,
                                                               request_notes* notes) {
    // Only an ID can be put into the path: anything else would ask for another resource.
    if (!parser::is_node_id(id)) co_return parser::errc::not_a_node;
    auto body =
        co_await master.get(std::string("/nodes/").append(id), request_kind::node, nullptr, notes);
    if (!body && is_status(body.error(), 404)) co_return std::optional<parser::node>{};
    if (!body) co_return manager_error(body.error());
    auto found = parser::parse_node(*body);
    if (!found) co_return found.error();
    // The answer must be about the node asked for: a proxy or a confused manager that answers
    // with another leaves the set unknown.
    if (found->id != id) co_return parser::errc::not_a_node;
    co_return std::optional<parser::node>(std::move(*found));
}

}  // namespace swarmsd::master
