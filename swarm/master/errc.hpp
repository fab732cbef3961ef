#pragma once

#include <boost/system/error_code.hpp>
#include <type_traits>

namespace swarmsd::master {

/// Transport failures of ours (the rest are Asio's and Beast's own codes).
enum class errc {
    timeout = 1,     ///< the master did not answer within --timeout
    body_too_large,  ///< the answer exceeded the body or header limit
    closed_early,    ///< the master closed the connection before a whole answer
    too_many_nodes,  ///< the answer lists more nodes than --max-nodes
};

/// The category of `errc`, named "swarmsd.master".
const boost::system::error_category& master_category() noexcept;

/// Makes `errc` usable as a `boost::system::error_code`.
inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), master_category()};
}

/// A category whose values are HTTP status codes: `error_code(500, http_status_category())`
/// reads "HTTP 500 Internal Server Error".
const boost::system::error_category& http_status_category() noexcept;

}  // namespace swarmsd::master

template <>
struct boost::system::is_error_code_enum<swarmsd::master::errc> : std::true_type {};
