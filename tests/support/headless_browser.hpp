#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace swarmsd::testing {

/// Debian's chromium (`/usr/bin/chromium`, or `SWARMSD_CHROMIUM`), or nullopt when it is not
/// installed.
std::optional<std::filesystem::path> find_chromium();

/// A page as a real browser rendered it.
struct rendered_page {
    int exit_code = -1;
    std::string dom;                   ///< the document after load, serialized
    std::vector<std::string> console;  ///< every console message the page logged
    std::string log;                   ///< the browser's own log, for failure messages
};

/// Loads `url` in headless `chromium` with a fresh profile, at a window of `width` x `height`;
/// with `screenshot`, also saves a PNG of it there.
rendered_page render_page(const std::filesystem::path& chromium, const std::string& url,
                          int width = 1280, int height = 800,
                          const std::optional<std::filesystem::path>& screenshot = std::nullopt);

}  // namespace swarmsd::testing
