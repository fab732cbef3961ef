#pragma once

#include <boost/system/error_code.hpp>
#include <memory>
#include <string>

namespace boost::asio::ssl {
class context;
}  // namespace boost::asio::ssl

namespace swarmsd::config {
struct tls_settings;
}  // namespace swarmsd::config

namespace swarmsd::master {

/// What a request needs to speak TLS to a master: made once from `tls_settings`, shared by all.
struct tls_client {
    std::shared_ptr<boost::asio::ssl::context> context;  ///< CAs, client certificate, versions
    std::string server_name;  ///< name every certificate must carry; empty: each master's host
    bool verify = true;       ///< chain and name; false with --tls.insecure-skip-verify
};

/// The TLS client for `settings`: TLS 1.2 or later, the master's certificate verified unless
/// `insecure_skip_verify`; `ca.pem`, `cert.pem` and `key.pem` of `docker_cert_path` fill in the
/// files not given. Throws std::invalid_argument naming the flag or variable whose file cannot be
/// used ("--tls.ca-file: cannot load /x: ...").
[[nodiscard]] tls_client make_tls_client(const config::tls_settings& settings);

/// A failed verification of a master's certificate, from OpenSSL's X509_V_ERR_* `result`: its
/// message says why and what to check ("certificate verify failed: hostname mismatch ...").
[[nodiscard]] boost::system::error_code certificate_error(long result);

/// The category of `certificate_error`, named "swarmsd.tls_verify".
const boost::system::error_category& certificate_category() noexcept;

}  // namespace swarmsd::master
