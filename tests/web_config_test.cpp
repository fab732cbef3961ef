// --web.config.file in the exporter-toolkit format: what it accepts, what it refuses and how it
// says so, and basic authentication against bcrypt hashes made at test time.
#include "swarm/web/web_config.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/bcrypt_hash.hpp"
#include "tests/support/http_get.hpp"
#include "tests/support/test_certs.hpp"

namespace swarmsd::web {
namespace {

std::string write_config(const testing::test_certs& certs, const std::string& text) {
    auto path = (certs.dir() / "web.yml").string();
    std::ofstream(path) << text;
    return path;
}

std::string error_of(const std::string& path) {
    try {
        (void)load_web_config(path);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "";
}

TEST(WebConfig, ReadsTlsAndUsersRelativePathsFromTheFilesDirectory) {
    testing::test_certs certs;
    auto hash = testing::bcrypt_hash("s3cret");
    auto path = write_config(certs,
                             "tls_server_config:\n  cert_file: server.pem\n"
                             "  key_file: server-key.pem\n  client_ca_file: ca.pem\n"
                             "  client_auth_type: VerifyClientCertIfGiven\n"
                             "  min_version: TLS12\n"
                             "basic_auth_users:\n  prometheus: " +
                                 hash + "\n");
    auto security = load_web_config(path);
    EXPECT_TRUE(security.tls);
    ASSERT_EQ(security.users.size(), 1u);
    EXPECT_EQ(security.users.at("prometheus"), hash);
    EXPECT_FALSE(load_web_config(write_config(certs, "")).tls) << "an empty file changes nothing";
}

TEST(WebConfig, ABadFileSaysWhatIsWrongAndWhere) {
    testing::test_certs certs;
    struct row {
        std::string text;
        std::string says;
    };
    const row rows[] = {
        {"tls_server_config: [", "not YAML"},
        {"tls_server_confg:\n  cert_file: x\n", "unknown key \"tls_server_confg\""},
        {"tls_server_config:\n  cert_file: server.pem\n", "cert_file and key_file are both needed"},
        {"tls_server_config:\n  cert_file: nope.pem\n  key_file: server-key.pem\n",
         "tls_server_config: cert_file: cannot load " + (certs.dir() / "nope.pem").string()},
        {"tls_server_config:\n  cert_file: server.pem\n  key_file: server-key.pem\n"
         "  client_auth_type: Sometimes\n",
         "client_auth_type: \"Sometimes\" is not"},
        {"tls_server_config:\n  cert_file: server.pem\n  key_file: server-key.pem\n"
         "  client_auth_type: RequireAndVerifyClientCert\n",
         "needs client_ca_file"},
        {"tls_server_config:\n  cert_file: server.pem\n  key_file: server-key.pem\n"
         "  min_version: SSL3\n",
         "min_version: \"SSL3\""},
        {"basic_auth_users:\n  prometheus: plaintext\n", "prometheus: want a bcrypt hash"},
    };
    for (const auto& r : rows) {
        auto path = write_config(certs, r.text);
        auto message = error_of(path);
        EXPECT_NE(message.find("--web.config.file " + path + ": "), std::string::npos) << message;
        EXPECT_NE(message.find(r.says), std::string::npos) << r.text << "\n" << message;
        EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    }
    EXPECT_NE(error_of((certs.dir() / "missing.yml").string()).find("cannot read it"),
              std::string::npos);
}

TEST(BasicAuth, AllowsTheRightPasswordOnlyAndRemembersIt) {
    basic_auth auth({{"prometheus", testing::bcrypt_hash("s3cret")}});
    EXPECT_TRUE(auth.enabled());
    EXPECT_TRUE(auth.allows(testing::basic_authorization("prometheus", "s3cret")));
    EXPECT_TRUE(auth.allows(testing::basic_authorization("prometheus", "s3cret")));  // cached
    EXPECT_FALSE(auth.allows(testing::basic_authorization("prometheus", "wrong")));
    EXPECT_FALSE(auth.allows(testing::basic_authorization("root", "s3cret")));
    EXPECT_FALSE(auth.allows(""));
    EXPECT_FALSE(auth.allows("Bearer abc"));
    EXPECT_FALSE(auth.allows("Basic !!!not-base64"));
    EXPECT_FALSE(basic_auth({}).enabled());
}

}  // namespace
}  // namespace swarmsd::web
