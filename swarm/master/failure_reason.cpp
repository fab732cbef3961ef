#include "swarm/master/failure_reason.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>

#include "parser/errc.hpp"
#include "swarm/master/errc.hpp"
#include "swarm/master/tls_client.hpp"

namespace swarmsd::master {
namespace {

namespace asio_error = boost::asio::error;
using boost::system::error_code;

std::string_view parser_reason(parser::errc e) {
    switch (e) {
        case parser::errc::not_json:
        case parser::errc::not_an_object:
            return "not_json";
        case parser::errc::no_node_table:
        case parser::errc::incomplete_node_table:
        case parser::errc::not_a_node_list:
        case parser::errc::not_a_node:
            return "no_node_table";
        case parser::errc::not_in_swarm:
        case parser::errc::swarm_locked:
        case parser::errc::not_a_manager:
            return "not_manager";
        case parser::errc::event_too_large:
            return "body_too_large";
        case parser::errc::too_many_rows:
            return "too_many_nodes";
        case parser::errc::not_a_task_list:
        case parser::errc::not_a_service:
            return "no_task_list";
        case parser::errc::tasks_need_swarm_mode:
            return "not_manager";
    }
    return "other";
}

std::string_view transport_reason(const error_code& e) {
    if (e == asio_error::connection_refused || e == boost::system::errc::no_such_file_or_directory)
        return "refused";
    if (e == asio_error::host_not_found || e == asio_error::host_not_found_try_again ||
        e == asio_error::no_data || e == asio_error::no_recovery ||
        e.category() == asio_error::get_netdb_category() ||
        e.category() == asio_error::get_addrinfo_category()) {
        return "dns";
    }
    if (e == asio_error::connection_reset || e == asio_error::eof || e == asio_error::broken_pipe ||
        e == asio_error::connection_aborted) {
        return "closed";
    }
    if (e.category() == boost::system::system_category() ||
        e.category() == boost::system::generic_category()) {
        return "io";
    }
    return "other";
}

}  // namespace

std::string_view failure_reason(const error_code& error) {
    const auto& category = error.category();
    if (category == parser::parser_category())
        return parser_reason(static_cast<parser::errc>(error.value()));
    if (category == master_category()) {
        switch (static_cast<errc>(error.value())) {
            case errc::timeout:
                return "timeout";
            case errc::body_too_large:
                return "body_too_large";
            case errc::closed_early:
                return "closed";
            case errc::too_many_nodes:
                return "too_many_nodes";
        }
        return "other";
    }
    if (category == http_status_category()) return "http_status";
    if (category == certificate_category() || category == asio_error::get_ssl_category() ||
        category == boost::asio::ssl::error::get_stream_category()) {
        return "tls";
    }
    return transport_reason(error);
}

}  // namespace swarmsd::master
