#pragma once

#include <cstdlib>
#include <string>

namespace swarmsd::testing {

/// True when the environment says a missing test tool (Prometheus, promtool, node-exporter,
/// chromium) must fail the test instead of skipping it (`SWARMSD_REQUIRE_TOOLS=1`, as `.ci/run`
/// sets).
inline bool tools_required() {
    const char* required = std::getenv("SWARMSD_REQUIRE_TOOLS");
    return required && std::string(required) == "1";
}

}  // namespace swarmsd::testing

/// In a test body (gtest included), for a missing test tool: fails the test when `.ci/run`
/// requires it, else skips it.
#define SWARMSD_SKIP_OR_FAIL_WITHOUT(tool)                                                       \
    do {                                                                                         \
        if (::swarmsd::testing::tools_required())                                                \
            FAIL() << tool << " is not installed (scripts/setup-debian.sh installs it)";         \
        GTEST_SKIP() << tool << " is not installed; .ci/run installs it and requires this test"; \
    } while (false)
