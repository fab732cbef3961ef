#include <gtest/gtest.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>

#include "parser/errc.hpp"
#include "swarm/master/cycle_reporter.hpp"
#include "swarm/master/errc.hpp"
#include "swarm/master/failure_reason.hpp"
#include "swarm/master/tls_client.hpp"

namespace swarmsd::master {
namespace {

using boost::system::error_code;
namespace asio_error = boost::asio::error;

TEST(FailureReason, EveryKindOfFailureHasItsWord) {
    struct row {
        error_code error;
        std::string_view reason;
    };
    const row rows[] = {
        {asio_error::connection_refused, "refused"},
        {error_code(ENOENT, boost::system::system_category()), "refused"},  // no docker.sock
        {asio_error::host_not_found, "dns"},
        {asio_error::host_not_found_try_again, "dns"},
        {errc::timeout, "timeout"},
        {errc::closed_early, "closed"},
        {asio_error::connection_reset, "closed"},
        {error_code(503, http_status_category()), "http_status"},
        {error_code(301, http_status_category()), "http_status"},
        {parser::errc::not_json, "not_json"},
        {parser::errc::not_an_object, "not_json"},
        {parser::errc::no_node_table, "no_node_table"},
        {parser::errc::incomplete_node_table, "no_node_table"},
        {parser::errc::not_a_node_list, "no_node_table"},
        {parser::errc::not_a_manager, "not_manager"},
        {parser::errc::not_in_swarm, "not_manager"},
        {parser::errc::swarm_locked, "not_manager"},
        {errc::body_too_large, "body_too_large"},
        {errc::too_many_nodes, "too_many_nodes"},
        {certificate_error(X509_V_ERR_HOSTNAME_MISMATCH), "tls"},
        {certificate_error(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY), "tls"},
        {boost::asio::ssl::error::stream_truncated, "tls"},
        {asio_error::network_unreachable, "io"},
    };
    for (const auto& r : rows) {
        EXPECT_EQ(failure_reason(r.error), r.reason) << r.error.message();
        EXPECT_NE(std::find(failure_reasons.begin(), failure_reasons.end(), r.reason),
                  failure_reasons.end());
    }
}

TEST(Summarize, GivesEachFailureItsReasonAndMessageForTheMetrics) {
    cycle_result cycle{1, {}, {{0, asio_error::connection_refused}, {2, errc::timeout}}};
    auto summary = summarize(cycle);
    EXPECT_EQ(summary.answered_by, 1u);
    ASSERT_EQ(summary.failures.size(), 2u);
    EXPECT_EQ(summary.failures[0].master, 0u);
    EXPECT_EQ(summary.failures[0].reason, "refused");
    EXPECT_EQ(summary.failures[0].message, "Connection refused");
    EXPECT_EQ(summary.failures[1].master, 2u);
    EXPECT_EQ(summary.failures[1].reason, "timeout");
    EXPECT_EQ(summary.failures[1].message, "timed out");
}

}  // namespace
}  // namespace swarmsd::master
