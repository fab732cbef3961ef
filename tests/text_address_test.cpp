// Addresses as masters, flags and URLs give them: host:port in every shape, and ports.
#include <gtest/gtest.h>

#include "text/address.hpp"
#include "text/label_name.hpp"

namespace swarmsd::text {
namespace {

TEST(SplitAddress, ReadsEveryShapeAMasterSends) {
    struct row {
        std::string address;
        host_port expected;
    };
    const row rows[] = {
        {"10.0.0.11:2375", {"10.0.0.11", 2375}},
        {"db-01.example.com:2376", {"db-01.example.com", 2376}},
        {"[fd00::21]:2375", {"fd00::21", 2375}},
        {"[::1]", {"::1", std::nullopt}},
        {"fd00::21", {"fd00::21", std::nullopt}},
        {"10.0.0.22", {"10.0.0.22", std::nullopt}},
        {"node-7", {"node-7", std::nullopt}},
        {" 10.0.0.11:2375 ", {"10.0.0.11", 2375}},
        {"host:notaport", {"host:notaport", std::nullopt}},
        {"host:70000", {"host:70000", std::nullopt}},
        {"host:0", {"host:0", std::nullopt}},
        {"[fd00::1]x", {"[fd00::1]x", std::nullopt}},
        {"", {"", std::nullopt}},
    };
    for (const auto& r : rows) EXPECT_EQ(split_address(r.address), r.expected) << r.address;
}

TEST(ParsePort, AWholeNumberFrom1To65535AndNothingElse) {
    EXPECT_EQ(parse_port("2375"), 2375);
    EXPECT_EQ(parse_port("65535"), 65535);
    for (const char* bad : {"", "0", "65536", " 80", "80 ", "+80", "-1", "8o", "0x50"})
        EXPECT_FALSE(parse_port(bad)) << bad;
    EXPECT_EQ(parse_port("0", /*allow_zero=*/true), 0);
}

TEST(JoinHostPort, BracketsIpv6Hosts) {
    EXPECT_EQ(join_host_port("10.0.0.1", 8070), "10.0.0.1:8070");
    EXPECT_EQ(join_host_port("fd00::1", 8070), "[fd00::1]:8070");
    EXPECT_EQ(join_host_port("node-7", 8070), "node-7:8070");
}

}  // namespace
}  // namespace swarmsd::text
