// The status page at `/`, as an operator's browser renders it: Debian's chromium, headless, on a
// daemon serving three clusters, one of them failing with a hostile error message.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>

#include "demo/fake_master.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/headless_browser.hpp"
#include "tests/support/http_get.hpp"
#include "tests/support/required_tools.hpp"
#include "tests/support/swarm_sd_daemon.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_data.hpp"

namespace swarmsd {
namespace {

using testing::eventually;
using testing::fake_master;

// Where CI keeps the screenshots: `artifacts/` in the build folder.
std::filesystem::path artifacts() {
    auto dir =
        std::filesystem::path(testing::swarm_sd_binary()).parent_path().parent_path() / "artifacts";
    std::filesystem::create_directories(dir);
    return dir;
}

TEST(StatusPage, ABrowserShowsEveryClusterEscapedAndWithoutConsoleErrors) {
    auto chromium = testing::find_chromium();
    if (!chromium) SWARMSD_SKIP_OR_FAIL_WITHOUT("chromium");
    // The console check can fail: a page that logs an error is seen to.
    auto control = testing::render_page(
        *chromium, "data:text/html,<p>x</p><script>console.error('control')</script>");
    ASSERT_EQ(control.exit_code, 0) << control.log;
    ASSERT_EQ(control.console.size(), 1u) << control.log;

    fake_master alpha(testing::classic_info({{"a-1", "10.0.0.1:2375"}, {"a-2", "10.0.0.2:2375"}}));
    fake_master beta(testing::classic_info({{"b-1", "10.0.1.1:2375"}}));
    // A master's words reach the page: they must stay text.
    fake_master hostile(testing::reply{
        500, R"({"message":"<img src=x onerror=console.error('xss')> & \"quotes\""})"});
    auto refused = "http://127.0.0.1:" + std::to_string(testing::unused_port());
    testing::temp_dir dir;
    auto config = dir.path() / "clusters.yml";
    std::ofstream(config) << fmt::format(R"(clusters:
  - {{name: alpha, masters: [{}], refresh_interval: 100ms}}
  - {{name: beta, masters: [{}, {}], refresh_interval: 100ms, timeout: 200ms}}
  - {{name: broken, masters: [{}], refresh_interval: 100ms}}
)",
                                         alpha.url(), refused, beta.url(), hostile.url());
    auto d = testing::start_web_daemon({"--config.file", config.string()});
    ASSERT_NE(d.port, 0) << d.process->err();
    ASSERT_TRUE(eventually([&] {
        auto health = testing::http_get(d.port, "/healthz?cluster=broken");
        auto beta_up = testing::http_get(d.port, "/targets?cluster=beta");
        return health && health->status == 503 && beta_up && beta_up->status == 200;
    })) << d.process->err();

    auto url = fmt::format("http://127.0.0.1:{}/", d.port);
    auto page = testing::render_page(*chromium, url);
    ASSERT_EQ(page.exit_code, 0) << page.log;
    EXPECT_TRUE(page.console.empty()) << fmt::format("{}", fmt::join(page.console, "\n"));
    const auto& dom = page.dom;
    for (const std::string& part : std::vector<std::string>{
             "<td data-label=\"cluster\">beta</td>", "<td data-label=\"cluster\">broken</td>",
             beta.url() + " <span class=\"ok\">answered last</span>",
             refused + " <span class=\"why\">standby (failed before: Connection refused)</span>",
             "href=\"targets?cluster=beta\"", "href=\"healthz?cluster=broken\"",
             "<span class=\"bad\">stale</span>",
             "&lt;img src=x onerror=console.error('xss')&gt; &amp; \"quotes\"",
             "<td data-label=\"targets\">2</td>"}) {
        EXPECT_NE(dom.find(part), std::string::npos) << part << "\n" << dom;
    }
    EXPECT_EQ(dom.find("<img"), std::string::npos) << dom;
    // The unfinished row of a cluster with no answer yet says so instead of a time.
    EXPECT_NE(dom.find("<td data-label=\"last good listing\">never</td>"), std::string::npos);

    // Kept by CI: the page on a desktop and on a phone.
    for (auto [name, width, height] : {std::tuple{"desktop", 1280, 800}, {"phone", 390, 844}}) {
        auto png = artifacts() / fmt::format("status-page-{}.png", name);
        std::filesystem::remove(png);
        auto shot = testing::render_page(*chromium, url, width, height, png);
        EXPECT_EQ(shot.exit_code, 0) << shot.log;
        EXPECT_TRUE(std::filesystem::exists(png) && std::filesystem::file_size(png) > 1000) << png;
    }
}

}  // namespace
}  // namespace swarmsd
