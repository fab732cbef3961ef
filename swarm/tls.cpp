#include "swarm/tls.hpp"

#include <fmt/format.h>
#include <openssl/x509_vfy.h>

#include <boost/asio/ssl/context.hpp>
#include <stdexcept>

namespace swarmsd::swarm {
namespace ssl = boost::asio::ssl;
using boost::system::error_code;

namespace {

class certificate_category_impl final : public boost::system::error_category {
  public:
    const char* name() const noexcept override { return "swarmsd.tls_verify"; }
    std::string message(int result) const override {
        auto text =
            fmt::format("TLS certificate verify failed: {}", X509_verify_cert_error_string(result));
        switch (result) {
            case X509_V_ERR_HOSTNAME_MISMATCH:
            case X509_V_ERR_IP_ADDRESS_MISMATCH:
                return text +
                       " (the certificate is not for this master's name; see --tls.server-name)";
            case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
            case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
            case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
            case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
            case X509_V_ERR_CERT_SIGNATURE_FAILURE:
                return text + " (not signed by a CA swarm-sd trusts; see --tls.ca-file)";
            case X509_V_ERR_CERT_HAS_EXPIRED:
            case X509_V_ERR_CERT_NOT_YET_VALID:
                return text + " (check the master's certificate dates and this host's clock)";
        }
        return text;
    }
};

// Runs one OpenSSL loading step, turning its error into one line naming the flag and the file.
template <typename Load>
void load(const char* flag, const std::string& file, Load step) {
    error_code ec;
    step(ec);
    if (ec) {
        throw std::invalid_argument(
            fmt::format("--{}: cannot load {}: {}", flag, file, ec.message()));
    }
}

}  // namespace

const boost::system::error_category& certificate_category() noexcept {
    static const certificate_category_impl instance;
    return instance;
}

error_code certificate_error(long result) {
    return {static_cast<int>(result), certificate_category()};
}

tls_client make_tls_client(const tls_settings& settings) {
    auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
    context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                         ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                         ssl::context::no_tlsv1_1);
    if (settings.insecure_skip_verify) {
        context->set_verify_mode(ssl::verify_none);
    } else {
        context->set_verify_mode(ssl::verify_peer);
        if (settings.ca_file.empty()) {
            load("tls.ca-file", "the system's CA certificates",
                 [&](error_code& ec) { context->set_default_verify_paths(ec); });
        } else {
            load("tls.ca-file", settings.ca_file,
                 [&](error_code& ec) { context->load_verify_file(settings.ca_file, ec); });
        }
    }
    if (settings.cert_file.empty() != settings.key_file.empty()) {
        throw std::invalid_argument(
            "--tls.cert-file and --tls.key-file go together: give both or neither");
    }
    if (!settings.cert_file.empty()) {
        load("tls.cert-file", settings.cert_file,
             [&](error_code& ec) { context->use_certificate_chain_file(settings.cert_file, ec); });
        load("tls.key-file", settings.key_file, [&](error_code& ec) {
            context->use_private_key_file(settings.key_file, ssl::context::pem, ec);
        });
    }
    return {std::move(context), settings.server_name, !settings.insecure_skip_verify};
}

}  // namespace swarmsd::swarm
