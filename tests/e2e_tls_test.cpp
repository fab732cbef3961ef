// The built swarm-sd against TLS masters, with certificates made at test time.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "demo/fake_master.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/test_certs.hpp"

namespace swarmsd {
namespace {

namespace json = boost::json;
using testing::fake_master;

TEST(TlsMasters, AWrongCaIsAClearErrorNamingTheMasterAndTheNextMasterAnswers) {
    testing::test_certs certs;
    fake_master untrusted(testing::classic_info({{"x", "10.0.0.9:2375"}}),
                          testing::tls_listener{certs.server(), certs.server_key()});
    fake_master trusted(testing::classic_info({{"a", "10.0.0.1:2375"}}),
                        testing::tls_listener{certs.server(), certs.server_key()});
    // Both present the same certificate; only the name asked for differs.
    auto trusted_url = "https://127.0.0.1:" + std::to_string(trusted.port());
    auto run = testing::run_swarm_sd({"--print", "--master", untrusted.url(), "--master",
                                      trusted_url, "--tls.ca-file", certs.other_ca()});
    EXPECT_EQ(run.exit_code, 1) << run.err;
    EXPECT_NE(run.err.find("master=" + untrusted.url() +
                           " err=\"TLS certificate verify failed: unable to get local issuer "
                           "certificate (not signed by a CA swarm-sd trusts; see --tls.ca-file)\""),
              std::string::npos)
        << run.err;

    auto good = testing::run_swarm_sd({"--print", "--master", untrusted.url(), "--tls.ca-file",
                                       certs.ca(), "--tls.server-name", "wrong-name.test"});
    EXPECT_EQ(good.exit_code, 1);
    EXPECT_NE(good.err.find("hostname mismatch"), std::string::npos) << good.err;
}

TEST(TlsMasters, DockerCertPathAndTlsVerifyReachAMasterDemandingAClientCertificate) {
    testing::test_certs certs;
    std::filesystem::copy_file(certs.client(), certs.dir() / "cert.pem");
    std::filesystem::copy_file(certs.client_key(), certs.dir() / "key.pem");
    fake_master master(testing::classic_info({{"a", "10.0.0.1:2375"}}),
                       testing::tls_listener{certs.server(), certs.server_key(), certs.ca()});
    auto tcp = "tcp://127.0.0.1:" + std::to_string(master.port());
    auto run = testing::run_swarm_sd(
        {"--print", "--master", tcp},
        {{"DOCKER_TLS_VERIFY", "1"}, {"DOCKER_CERT_PATH", certs.dir().string()}});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    auto groups = json::parse(run.out).as_array();
    ASSERT_EQ(groups.size(), 2u);
    EXPECT_EQ(groups[1].at("labels").at("__meta_swarm_node_name"), "a");

    // Without the client certificate the master refuses the handshake.
    auto refused = testing::run_swarm_sd({"--print", "--master", tcp, "--tls.ca-file", certs.ca()});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("msg=\"master failed\" master=" + tcp), std::string::npos)
        << refused.err;
    EXPECT_EQ(master.requests(), 1u);
}

TEST(TlsMasters, AnUnreadableKeyIsAStartupErrorNamingTheFlag) {
    testing::test_certs certs;
    auto run = testing::run_swarm_sd({"--print", "--master", "https://127.0.0.1:1",
                                      "--tls.cert-file", certs.client(), "--tls.key-file",
                                      (certs.dir() / "missing-key.pem").string()});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_NE(run.err.find("--tls.key-file: cannot load"), std::string::npos) << run.err;
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
}

}  // namespace
}  // namespace swarmsd
