#include "swarm/master/tls_client.hpp"

#include <fmt/format.h>
#include <openssl/x509_vfy.h>
#include <unistd.h>

#include <boost/asio/ssl/context.hpp>
#include <stdexcept>

#include "swarm/config/settings.hpp"

namespace swarmsd::master {
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

// Docker's convention: DOCKER_CERT_PATH holds ca.pem, cert.pem and key.pem, used for what the
// --tls.* flags leave out.
config::tls_settings with_docker_files(config::tls_settings tls) {
    const auto& dir = tls.docker_cert_path;
    if (dir.empty()) return tls;
    auto in_dir = [&](const char* file) {
        auto path = dir + "/" + file;
        return ::access(path.c_str(), R_OK) == 0 ? path : std::string();
    };
    auto ca = in_dir("ca.pem");
    auto cert = in_dir("cert.pem");
    if (tls.ca_file.empty()) tls.ca_file = ca;
    if (tls.cert_file.empty() && tls.key_file.empty() && !cert.empty()) {
        tls.cert_file = cert;
        tls.key_file = in_dir("key.pem");
    }
    if (tls.docker_cert_path_given && ca.empty() && cert.empty()) {
        throw std::invalid_argument(
            fmt::format("DOCKER_CERT_PATH={}: holds no readable ca.pem or cert.pem", dir));
    }
    return tls;
}

}  // namespace

const boost::system::error_category& certificate_category() noexcept {
    static const certificate_category_impl instance;
    return instance;
}

error_code certificate_error(long result) {
    return {static_cast<int>(result), certificate_category()};
}

tls_client make_tls_client(const config::tls_settings& given) {
    auto settings = with_docker_files(given);
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

}  // namespace swarmsd::master
