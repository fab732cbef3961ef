#include "tests/support/headless_browser.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <sstream>

#include "tests/support/child_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace swarmsd::testing {
namespace {

constexpr auto page_deadline = std::chrono::seconds(60);

// Chromium logs each console message on stderr as `...:INFO:CONSOLE:<line>] "<message>", ...`.
std::vector<std::string> console_lines(const std::string& log) {
    std::vector<std::string> out;
    std::istringstream lines(log);
    for (std::string line; std::getline(lines, line);) {
        if (line.find(":CONSOLE") != std::string::npos) out.push_back(line);
    }
    return out;
}

}  // namespace

std::optional<std::filesystem::path> find_chromium() {
    if (const char* named = std::getenv("SWARMSD_CHROMIUM")) return std::filesystem::path(named);
    std::filesystem::path debian = "/usr/bin/chromium";
    if (std::filesystem::exists(debian)) return debian;
    return std::nullopt;
}

rendered_page render_page(const std::filesystem::path& chromium, const std::string& url, int width,
                          int height, const std::optional<std::filesystem::path>& screenshot) {
    temp_dir profile;
    // No sandbox: tests run as root, where Chromium's sandbox refuses to start.
    std::vector<std::string> args{"--headless=new",
                                  "--no-sandbox",
                                  "--disable-gpu",
                                  "--no-first-run",
                                  "--user-data-dir=" + profile.path().string(),
                                  "--enable-logging=stderr",
                                  "--v=0",
                                  fmt::format("--window-size={},{}", width, height)};
    args.push_back(screenshot ? "--screenshot=" + screenshot->string() : "--dump-dom");
    args.push_back(url);
    child_process browser(child_process::tied_to_test, chromium.string(), args);
    rendered_page page;
    page.exit_code = browser.wait_for(page_deadline).value_or(-1);
    page.dom = browser.out();
    page.log = browser.err();
    page.console = console_lines(page.log);
    return page;
}

}  // namespace swarmsd::testing
