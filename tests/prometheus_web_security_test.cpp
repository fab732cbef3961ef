// --web.config.file as an operator uses it: TLS and basic authentication on swarm-sd's web
// server, checked with a client of our own, with `swarm-sd --healthcheck`, and with a real
// Prometheus that scrapes /metrics and reads /targets through tls_config and basic_auth.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>

#include "demo/fake_master.hpp"
#include "tests/support/bcrypt_hash.hpp"
#include "tests/support/http_get.hpp"
#include "tests/support/prometheus_server.hpp"
#include "tests/support/swarm_sd_daemon.hpp"
#include "tests/support/test_certs.hpp"

namespace swarmsd {
namespace {

using namespace std::chrono_literals;

struct secured {
    testing::test_certs certs;
    testing::fake_master master{testing::classic_info({{"a", "127.0.0.5:2375"}})};
    std::string config = (certs.dir() / "web.yml").string();
    secured() {
        std::ofstream(config) << "tls_server_config:\n  cert_file: server.pem\n"
                                 "  key_file: server-key.pem\nbasic_auth_users:\n  prometheus: "
                              << testing::bcrypt_hash("s3cret") << "\n";
    }
    testing::web_daemon start() {
        return testing::start_web_daemon(
            {"--master", master.url(), "--web.config.file", config, "--refresh-interval", "1s"});
    }
};

TEST(WebSecurity, TlsAndBasicAuthGuardEveryPath) {
    secured s;
    auto d = s.start();
    ASSERT_NE(d.port, 0) << d.process->err();
    auto good = testing::basic_authorization("prometheus", "s3cret");
    ASSERT_TRUE(testing::eventually([&] {
        auto r = testing::https_get(d.port, "/targets", s.certs.ca(), good);
        return r && r->status == 200;
    })) << d.process->err();
    EXPECT_NE(testing::https_get(d.port, "/targets", s.certs.ca(), good)->body.find("127.0.0.5"),
              std::string::npos);
    for (const auto& path : {"/targets", "/metrics", "/"}) {
        auto wrong = testing::https_get(d.port, path, s.certs.ca(),
                                        testing::basic_authorization("prometheus", "guess"));
        ASSERT_TRUE(wrong) << path;
        EXPECT_EQ(wrong->status, 401u) << path;
        EXPECT_EQ(wrong->www_authenticate, "Basic realm=\"swarm-sd\"") << path;
        EXPECT_EQ(testing::https_get(d.port, path, s.certs.ca())->status, 401u) << path;
    }
    // Plain HTTP to the TLS listener gets no answer.
    auto plain = testing::http_get(d.port, "/targets");
    EXPECT_TRUE(!plain || plain->status >= 400) << plain->body;
}

TEST(WebSecurity, HealthcheckReadsTheSameFileAndSpeaksTls) {
    secured s;
    auto d = s.start();
    ASSERT_NE(d.port, 0) << d.process->err();
    auto address = "127.0.0.1:" + std::to_string(d.port);
    testing::run_result check;
    ASSERT_TRUE(testing::eventually([&] {
        check = testing::run_swarm_sd(
            {"--healthcheck", "--web.listen-address", address, "--web.config.file", s.config});
        return check.exit_code == 0;
    })) << check.out
        << check.err;
    EXPECT_TRUE(check.out.starts_with("ok: ")) << check.out;
    auto bad = testing::run_swarm_sd(
        {"--healthcheck", "--web.listen-address", address, "--web.config.file", "/nonexistent"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("--web.config.file /nonexistent: cannot read it"), std::string::npos)
        << bad.err;
}

TEST(WebSecurity, PrometheusScrapesAndDiscoversThroughTlsAndBasicAuth) {
    auto binary = testing::find_prometheus();
    if (!binary) SWARMSD_SKIP_OR_FAIL_WITHOUT("prometheus");
    secured s;
    auto d = s.start();
    ASSERT_NE(d.port, 0) << d.process->err();
    auto config = fmt::format(R"(global:
  scrape_interval: 1s
scrape_configs:
  - job_name: swarm-sd
    scheme: https
    tls_config: {{ca_file: {1}}}
    basic_auth: {{username: prometheus, password: s3cret}}
    static_configs:
      - targets: ['127.0.0.1:{0}']
  - job_name: cadvisor
    http_sd_configs:
      - url: https://127.0.0.1:{0}/targets
        refresh_interval: 1s
        tls_config: {{ca_file: {1}}}
        basic_auth: {{username: prometheus, password: s3cret}}
)",
                              d.port, s.certs.ca());
    testing::prometheus_server prometheus(*binary, config);
    ASSERT_TRUE(prometheus.wait_ready()) << prometheus.log();
    ASSERT_TRUE(testing::eventually(
        [&] {
            auto own = prometheus.active_targets("swarm-sd");
            auto nodes = prometheus.active_targets("cadvisor");
            return own.size() == 1 && own.begin()->second.health == "up" &&
                   nodes.contains("127.0.0.5:8070");
        },
        60s))
        << prometheus.get("/api/v1/targets").value_or("") << "\n"
        << d.process->err();
}

}  // namespace
}  // namespace swarmsd
