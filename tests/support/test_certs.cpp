#include "tests/support/test_certs.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace swarmsd::testing {

test_certs::test_certs() {
    auto command =
        std::string(SWARMSD_TEST_SUPPORT_DIR "/make_test_certs.sh '") + dir_.path().string() + "'";
    EXPECT_EQ(std::system(command.c_str()), 0)
        << command << " failed: is openssl installed (apt-get install openssl)?";
}

}  // namespace swarmsd::testing
