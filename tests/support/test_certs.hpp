#pragma once

#include <string>

#include "tests/support/temp_dir.hpp"

namespace swarmsd::testing {

/// Certificates made for one test by make_test_certs.sh with the openssl command (PEM files): a
/// CA, an unrelated CA, a server certificate for `swarm-master.test` and 127.0.0.1 and a client
/// certificate, both signed by the CA. Fails the test when openssl is missing.
class test_certs {
  public:
    test_certs();

    std::string ca() const { return file("ca.pem"); }
    std::string other_ca() const { return file("other-ca.pem"); }
    std::string server() const { return file("server.pem"); }
    std::string server_key() const { return file("server-key.pem"); }
    std::string client() const { return file("client.pem"); }
    std::string client_key() const { return file("client-key.pem"); }
    /// The directory, for DOCKER_CERT_PATH (which wants ca.pem, cert.pem and key.pem).
    const std::filesystem::path& dir() const { return dir_.path(); }

  private:
    std::string file(const char* name) const { return (dir_.path() / name).string(); }
    temp_dir dir_;
};

}  // namespace swarmsd::testing
