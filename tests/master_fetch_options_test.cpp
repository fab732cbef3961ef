// The start-up step that turns the TLS settings into a TLS client: which masters speak TLS, and
// Docker's variables.
#include <gtest/gtest.h>

#include <filesystem>

#include "swarm/config/command_line.hpp"
#include "swarm/master/http_client.hpp"
#include "tests/support/test_certs.hpp"

namespace swarmsd::master {
namespace {

using env_t = std::map<std::string, std::string>;

config::settings parse(std::vector<std::string> args, const env_t& env = {}) {
    return config::parse_command_line(args, env).settings;
}

// The fetch options a daemon with these flags would start with.
fetch_options started(std::vector<std::string> args, const env_t& env = {}) {
    return make_fetch_options(parse(std::move(args), env));
}

// The start-up error's text, from the flags or from loading the files; "" when it starts.
std::string error_of(std::vector<std::string> args, const env_t& env = {}) {
    try {
        (void)started(std::move(args), env);
    } catch (const config::usage_error& e) {
        return e.what();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "";
}

}  // namespace
}  // namespace swarmsd::master

namespace swarmsd::master {
namespace {

TEST(FetchOptions, HttpsAlwaysSpeaksTlsTcpOnlyWhenTlsIsConfigured) {
    auto plain = parse({"--print", "--master", "https://m1,tcp://m2:2376,m3:2376,http://m4:4000"});
    ASSERT_EQ(plain.masters.size(), 4u);
    EXPECT_TRUE(plain.masters[0].tls);
    EXPECT_EQ(plain.masters[0].port, 443);
    EXPECT_FALSE(plain.masters[1].tls);
    EXPECT_FALSE(plain.masters[2].tls);
    EXPECT_TRUE(make_fetch_options(plain).tls) << "https:// needs a context (system CAs)";

    auto tls = parse({"--print", "--master", "tcp://m2:2376,m3:2376,http://m4:4000",
                      "--tls.insecure-skip-verify"});
    EXPECT_TRUE(tls.masters[0].tls);
    EXPECT_TRUE(tls.masters[1].tls);
    EXPECT_FALSE(tls.masters[2].tls) << "http:// is plain whatever the TLS flags";
    ASSERT_TRUE(make_fetch_options(tls).tls);
    EXPECT_FALSE(make_fetch_options(tls).tls->verify);

    auto none = parse({"--print", "--master", "tcp://m2:2376"});
    EXPECT_FALSE(make_fetch_options(none).tls) << "no TLS master, no context";
}

TEST(FetchOptions, DockerVariablesAreHonoured) {
    testing::test_certs certs;
    // DOCKER_CERT_PATH wants Docker's file names.
    std::filesystem::copy_file(certs.client(), certs.dir() / "cert.pem");
    std::filesystem::copy_file(certs.client_key(), certs.dir() / "key.pem");
    auto c = parse({"--print", "--master", "tcp://m1:2376"},
                   {{"DOCKER_TLS_VERIFY", "1"}, {"DOCKER_CERT_PATH", certs.dir().string()}});
    EXPECT_TRUE(c.masters[0].tls);
    ASSERT_TRUE(make_fetch_options(c).tls);
    EXPECT_TRUE(make_fetch_options(c).tls->verify);

    EXPECT_EQ(error_of({"--print", "--master", "tcp://m1:2376"},
                       {{"DOCKER_TLS_VERIFY", "1"}, {"DOCKER_CERT_PATH", "/nonexistent"}}),
              "DOCKER_CERT_PATH=/nonexistent: holds no readable ca.pem or cert.pem");
    // Without DOCKER_TLS_VERIFY or a flag, tcp:// stays plain HTTP as before.
    auto plain = parse({"--print", "--master", "tcp://m1:2376"},
                       {{"DOCKER_CERT_PATH", certs.dir().string()}});
    EXPECT_FALSE(plain.masters[0].tls);
}

TEST(FetchOptions, BadTlsInputIsRefusedNamingIt) {
    testing::test_certs certs;
    const std::string m = "--master=https://m1:2376";
    EXPECT_EQ(error_of({"--print", "--master", "http://m1:4000", "--tls.ca-file", certs.ca()}),
              "--tls.* given, but no master speaks TLS: use https:// or tcp:// masters");
    EXPECT_NE(error_of({m, "--print", "--tls.ca-file", "/nonexistent.pem"})
                  .find("--tls.ca-file: cannot load /nonexistent.pem"),
              std::string::npos);
    EXPECT_NE(error_of({m, "--print", "--tls.cert-file", certs.client()}).find("go together"),
              std::string::npos);
    EXPECT_NE(error_of({m, "--print", "--tls.cert-file", certs.client(), "--tls.key-file",
                        certs.server_key()})
                  .find("--tls.key-file"),
              std::string::npos);
    EXPECT_EQ(error_of({m, "--print"}, {{"SWARM_SD_TLS_CA_FILE", certs.ca()}}), "");
}

}  // namespace
}  // namespace swarmsd::master
