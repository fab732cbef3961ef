// What the run modes hand the group builder from the settings.
#include <gtest/gtest.h>

#include "swarm/clusters/group_options.hpp"
#include "swarm/config/command_line.hpp"

namespace swarmsd::swarm {
namespace {

config::settings parse(std::vector<std::string> args) {
    return config::parse_command_line(args, {}).settings;
}

TEST(GroupOptionsFor, CarriesMastersPortAndLabels) {
    auto c = parse({"--print", "--master", "m1:4000", "--cadvisor.port", "9", "--label", "dc=eu"});
    auto options = group_options_for(c);
    ASSERT_EQ(options.masters.size(), 1u);
    EXPECT_EQ(options.masters[0].url, "m1:4000");
    EXPECT_EQ(options.masters[0].host, "m1");
    EXPECT_EQ(options.cadvisor_port, 9);
    EXPECT_EQ(options.extra_labels.at("dc"), "eu");
}

TEST(GroupOptionsFor, TheCadvisorPortDefaultsToTheSettingsDefault) {
    EXPECT_EQ(group_options_for(parse({"--print"})).cadvisor_port, 8070);
}

}  // namespace
}  // namespace swarmsd::swarm
