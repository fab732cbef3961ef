#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace boost::asio::ssl {
class context;
}  // namespace boost::asio::ssl

namespace swarmsd::web {

/// What `--web.config.file` asks of the web server, in the exporter-toolkit format that
/// Prometheus' exporters share:
///   tls_server_config: {cert_file, key_file, client_ca_file, client_auth_type, min_version}
///   basic_auth_users: {name: bcrypt hash, ...}
struct web_security {
    /// The server's TLS context; none: plain HTTP.
    std::shared_ptr<boost::asio::ssl::context> tls;
    /// Users and their bcrypt hashes; empty: no authentication.
    std::map<std::string, std::string, std::less<>> users;
};

/// Reads and checks the file at `path` (relative paths in it are relative to its directory) and
/// loads the certificates it names: a start-up step. Throws std::invalid_argument saying what
/// is wrong, naming the file and the key ("--web.config.file /etc/x.yml: tls_server_config:
/// cert_file: cannot load /etc/x.crt: ...").
[[nodiscard]] web_security load_web_config(const std::string& path);

/// True when `authorization` (the request's `Authorization` header) carries a user of `users`
/// with the password its hash says (bcrypt, through libxcrypt). A good answer is remembered (as
/// a SHA-256 of the header, never the password), so that Prometheus' scrapes do not pay bcrypt
/// each time.
class basic_auth {
  public:
    explicit basic_auth(std::map<std::string, std::string, std::less<>> users);
    [[nodiscard]] bool enabled() const noexcept { return !users_.empty(); }
    [[nodiscard]] bool allows(std::string_view authorization);

  private:
    std::map<std::string, std::string, std::less<>> users_;
    std::map<std::string, std::string> accepted_;  ///< SHA-256 of the header -> user
};

}  // namespace swarmsd::web
