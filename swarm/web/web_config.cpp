#include "swarm/web/web_config.hpp"

#include <crypt.h>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <yaml-cpp/yaml.h>

#include <array>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/detail/base64.hpp>
#include <filesystem>
#include <stdexcept>

namespace swarmsd::web {
namespace ssl = boost::asio::ssl;
namespace {

[[noreturn]] void refuse(const std::string& file, const std::string& why) {
    throw std::invalid_argument(fmt::format("--web.config.file {}: {}", file, why));
}

// A path in the file, relative to the file's directory.
std::string resolve(const std::string& file, const std::string& path) {
    if (path.empty() || path.front() == '/') return path;
    return (std::filesystem::path(file).parent_path() / path).string();
}

std::string text_of(const YAML::Node& map, const char* key, const std::string& file,
                    const std::string& where) {
    auto node = map[key];
    if (!node) return {};
    if (!node.IsScalar()) refuse(file, where + key + ": want a string");
    return node.as<std::string>();
}

void check_keys(const YAML::Node& map, std::initializer_list<std::string_view> known,
                const std::string& file, const std::string& where) {
    for (const auto& entry : map) {
        auto key = entry.first.as<std::string>();
        if (std::find(known.begin(), known.end(), key) == known.end())
            refuse(file, fmt::format("{}unknown key \"{}\"", where, key));
    }
}

// The exporter-toolkit's client_auth_type names, as OpenSSL verification modes.
int verify_mode(const std::string& type, const std::string& file) {
    if (type.empty() || type == "NoClientCert") return ssl::verify_none;
    if (type == "RequestClientCert" || type == "VerifyClientCertIfGiven") return ssl::verify_peer;
    if (type == "RequireAnyClientCert" || type == "RequireAndVerifyClientCert")
        return ssl::verify_peer | ssl::verify_fail_if_no_peer_cert;
    refuse(file, "tls_server_config: client_auth_type: \"" + type +
                     "\" is not NoClientCert, RequestClientCert, RequireAnyClientCert, "
                     "VerifyClientCertIfGiven or RequireAndVerifyClientCert");
}

void load(const std::string& file, const std::string& what, const std::string& path,
          const std::function<void(boost::system::error_code&)>& step) {
    boost::system::error_code ec;
    step(ec);
    if (ec)
        refuse(file,
               fmt::format("tls_server_config: {}: cannot load {}: {}", what, path, ec.message()));
}

std::shared_ptr<ssl::context> tls_context(const YAML::Node& tls, const std::string& file) {
    const std::string where = "tls_server_config: ";
    if (!tls.IsMap()) refuse(file, "tls_server_config: want a map");
    check_keys(tls,
               {"cert_file", "key_file", "client_ca_file", "client_auth_type", "min_version",
                "max_version", "cipher_suites", "curve_preferences", "prefer_server_cipher_suites"},
               file, where);
    auto cert = resolve(file, text_of(tls, "cert_file", file, where));
    auto key = resolve(file, text_of(tls, "key_file", file, where));
    auto client_ca = resolve(file, text_of(tls, "client_ca_file", file, where));
    auto auth = text_of(tls, "client_auth_type", file, where);
    auto min_version = text_of(tls, "min_version", file, where);
    if (cert.empty() || key.empty())
        refuse(file, "tls_server_config: cert_file and key_file are both needed");
    auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
    auto options = ssl::context::default_workarounds | ssl::context::no_sslv2 |
                   ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1;
    if (min_version == "TLS13")
        options |= ssl::context::no_tlsv1_2;
    else if (!min_version.empty() && min_version != "TLS12" && min_version != "TLS11" &&
             min_version != "TLS10")
        refuse(file, "tls_server_config: min_version: \"" + min_version +
                         "\" is not TLS10, TLS11, TLS12 or TLS13");
    context->set_options(options);
    load(file, "cert_file", cert, [&](auto& ec) { context->use_certificate_chain_file(cert, ec); });
    load(file, "key_file", key,
         [&](auto& ec) { context->use_private_key_file(key, ssl::context::pem, ec); });
    auto mode = verify_mode(auth, file);
    if (mode != ssl::verify_none && client_ca.empty() && auth.find("Verify") != std::string::npos)
        refuse(file, "tls_server_config: client_auth_type " + auth + " needs client_ca_file");
    if (!client_ca.empty())
        load(file, "client_ca_file", client_ca,
             [&](auto& ec) { context->load_verify_file(client_ca, ec); });
    context->set_verify_mode(mode);
    return context;
}

std::string sha256(std::string_view text) {
    std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
    EVP_Digest(text.data(), text.size(), digest.data(), nullptr, EVP_sha256(), nullptr);
    return std::string(reinterpret_cast<const char*>(digest.data()), digest.size());
}

}  // namespace

web_security load_web_config(const std::string& path) {
    YAML::Node root;
    try {
        root = YAML::LoadFile(path);
    } catch (const YAML::BadFile&) {
        refuse(path, "cannot read it");
    } catch (const YAML::Exception& e) {
        refuse(path, std::string("not YAML: ") + e.what());
    }
    web_security security;
    if (root.IsNull()) return security;
    if (!root.IsMap()) refuse(path, "want a map of tls_server_config, basic_auth_users");
    check_keys(root, {"tls_server_config", "basic_auth_users", "http_server_config"}, path, "");
    if (auto tls = root["tls_server_config"]) security.tls = tls_context(tls, path);
    if (auto users = root["basic_auth_users"]) {
        if (!users.IsMap()) refuse(path, "basic_auth_users: want a map of user: bcrypt hash");
        for (const auto& u : users) {
            auto name = u.first.as<std::string>();
            auto hash = u.second.IsScalar() ? u.second.as<std::string>() : std::string();
            if (!(hash.starts_with("$2a$") || hash.starts_with("$2b$") || hash.starts_with("$2y$")))
                refuse(path, "basic_auth_users: " + name + ": want a bcrypt hash ($2y$...)");
            security.users.emplace(std::move(name), std::move(hash));
        }
    }
    return security;
}

basic_auth::basic_auth(std::map<std::string, std::string, std::less<>> users)
    : users_(std::move(users)) {}

bool basic_auth::allows(std::string_view authorization) {
    constexpr std::string_view scheme = "Basic ";
    if (!authorization.starts_with(scheme) || authorization.size() > 4096) return false;
    auto key = sha256(authorization);
    if (accepted_.contains(key)) return true;
    auto encoded = authorization.substr(scheme.size());
    std::string decoded(boost::beast::detail::base64::decoded_size(encoded.size()), '\0');
    auto [written, read] =
        boost::beast::detail::base64::decode(decoded.data(), encoded.data(), encoded.size());
    decoded.resize(written);
    auto colon = decoded.find(':');
    if (colon == std::string::npos) return false;
    auto user = users_.find(std::string_view(decoded).substr(0, colon));
    if (user == users_.end()) return false;
    auto password = decoded.substr(colon + 1);
    crypt_data data{};
    const char* hashed = ::crypt_r(password.c_str(), user->second.c_str(), &data);
    if (!hashed || user->second != hashed) return false;
    if (accepted_.size() > 64) accepted_.clear();  // bounded, whatever clients send
    accepted_.emplace(key, user->first);
    return true;
}

}  // namespace swarmsd::web
