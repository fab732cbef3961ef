// TLS masters: certificates made at test time, a fake master speaking TLS on 127.0.0.1.
#include <gtest/gtest.h>

#include "demo/fake_master.hpp"
#include "swarm/master/engine_client.hpp"
#include "swarm/master/tls_client.hpp"
#include "tests/support/run_awaitable.hpp"
#include "tests/support/test_certs.hpp"

namespace swarmsd::master {
namespace {

using config::tls_settings;

using namespace std::chrono_literals;
using testing::fake_master;

class Tls : public ::testing::Test {
  protected:
    testing::test_certs certs;
    fake_master master{testing::reply{200, R"({"ok":true})"},
                       testing::tls_listener{certs.server(), certs.server_key()}};

    master_url url(const fake_master& m, std::string host = "127.0.0.1") const {
        auto text = "https://" + host + ":" + std::to_string(m.port());
        return {text, host, m.port(), "", "", true};
    }

    boost::system::result<std::string> get(const fake_master& m, const tls_settings& settings) {
        fetch_options options{.limits = {.timeout = 3s}};
        options.tls = make_tls_client(settings);
        engine_client client(url(m), options);
        return testing::run_awaitable([&] { return client.get("/info", request_kind::listing); });
    }
};

TEST_F(Tls, AGoodChainPasses) {
    auto body = get(master, {.ca_file = certs.ca()});
    ASSERT_TRUE(body) << body.error().message();
    EXPECT_EQ(*body, R"({"ok":true})");
}

TEST_F(Tls, AWrongCaFailsSayingSo) {
    auto body = get(master, {.ca_file = certs.other_ca()});
    ASSERT_FALSE(body);
    EXPECT_EQ(body.error().category(), certificate_category());
    EXPECT_NE(body.error().message().find("not signed by a CA swarm-sd trusts"), std::string::npos)
        << body.error().message();
    EXPECT_EQ(master.requests(), 0u) << "a request went to an untrusted master";
}

TEST_F(Tls, TheSystemCasDoNotTrustAPrivateCa) {
    auto body = get(master, {});
    ASSERT_FALSE(body);
    EXPECT_EQ(body.error().category(), certificate_category()) << body.error().message();
}

TEST_F(Tls, TheNameMustMatchTheCertificate) {
    auto wrong = get(master, {.ca_file = certs.ca(), .server_name = "other-master.test"});
    ASSERT_FALSE(wrong);
    EXPECT_NE(wrong.error().message().find("hostname mismatch"), std::string::npos)
        << wrong.error().message();
    EXPECT_NE(wrong.error().message().find("--tls.server-name"), std::string::npos);

    auto right = get(master, {.ca_file = certs.ca(), .server_name = "swarm-master.test"});
    EXPECT_TRUE(right) << right.error().message();
}

TEST_F(Tls, InsecureSkipVerifyTrustsAnyCertificate) {
    auto body = get(master, {.ca_file = certs.other_ca(), .insecure_skip_verify = true});
    EXPECT_TRUE(body) << body.error().message();
}

TEST_F(Tls, AMasterDemandingAClientCertificateGetsOne) {
    fake_master strict(testing::reply{200, R"({"ok":"client"})"},
                       testing::tls_listener{certs.server(), certs.server_key(), certs.ca()});
    auto without = get(strict, {.ca_file = certs.ca()});
    ASSERT_FALSE(without);
    EXPECT_EQ(strict.requests(), 0u);

    auto with =
        get(strict,
            {.ca_file = certs.ca(), .cert_file = certs.client(), .key_file = certs.client_key()});
    ASSERT_TRUE(with) << with.error().message();
    EXPECT_EQ(*with, R"({"ok":"client"})");
}

TEST_F(Tls, PlainHttpToATlsMasterFailsFast) {
    auto plain = url(master);
    plain.tls = false;
    engine_client client(plain, fetch_options{.limits = {.timeout = 3s}});
    auto body = testing::run_awaitable([&] { return client.get("/info", request_kind::listing); });
    EXPECT_FALSE(body);
}

TEST(TlsContext, AnUnusableFileIsAnErrorNamingTheFlag) {
    testing::test_certs certs;
    auto message_of = [](const tls_settings& settings) {
        try {
            (void)make_tls_client(settings);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("(no error)");
    };
    EXPECT_NE(message_of({.ca_file = "/nonexistent/ca.pem"})
                  .find("--tls.ca-file: cannot load /nonexistent/ca.pem"),
              std::string::npos);
    EXPECT_NE(message_of({.ca_file = certs.ca(), .cert_file = certs.client()}).find("go together"),
              std::string::npos);
    EXPECT_NE(message_of({.cert_file = certs.client(), .key_file = certs.server_key()})
                  .find("--tls.key-file: cannot load"),
              std::string::npos)
        << "a key that does not match its certificate";
    EXPECT_NE(message_of({.cert_file = "/nonexistent/cert.pem", .key_file = certs.client_key()})
                  .find("--tls.cert-file"),
              std::string::npos);
}

}  // namespace
}  // namespace swarmsd::master
