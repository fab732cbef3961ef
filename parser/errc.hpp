#pragma once

#include <boost/system/error_code.hpp>
#include <type_traits>

namespace swarmsd::parser {

/// Why a master's answer could not be used.
enum class errc {
    not_json = 1,           ///< the body does not parse as JSON
    not_an_object,          ///< JSON, but not an object
    no_node_table,          ///< no SystemStatus/DriverStatus table with a `Nodes` row
    incomplete_node_table,  ///< `Nodes` claims nodes but no node row follows
    not_in_swarm,           ///< an Engine that is not an active member of a swarm
    swarm_locked,           ///< a swarm-mode manager whose swarm is locked (autolock)
    not_a_manager,          ///< a swarm-mode worker: only managers list nodes
    not_a_node_list,        ///< `GET /nodes` answered with something other than an array
    event_too_large,        ///< an event of an `/events` stream over the size limit
    too_many_rows,          ///< a node table longer than the node limit allows
    not_a_node,             ///< `GET /nodes/<id>` answered with something other than a node
    not_a_task_list,        ///< `GET /tasks` answered with something other than an array
    not_a_service,          ///< `GET /services/<name>` answered with something other than a service
    tasks_need_swarm_mode,  ///< tasks were asked of a classic Swarm, which has none
};

/// The category of `errc`, named "swarmsd.parser".
const boost::system::error_category& parser_category() noexcept;

/// Makes `errc` usable as a `boost::system::error_code`.
inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), parser_category()};
}

}  // namespace swarmsd::parser

template <>
struct boost::system::is_error_code_enum<swarmsd::parser::errc> : std::true_type {};
