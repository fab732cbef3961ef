// The publisher: one change check, sinks that may fail and are offered the text again.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

#include "output/publisher.hpp"
#include "output/render_file_sd.hpp"
#include "output/targets_file.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_data.hpp"
#include "text/address.hpp"

namespace swarmsd::output {
namespace {

// A sink that records what it is offered and takes it or not, as told.
struct recording_sink {
    std::vector<std::string> offered;
    bool takes = true;
    publisher::sink as_sink() {
        return [this](const published_text& text) {
            offered.push_back(*text);
            return takes;
        };
    }
};

TEST(Publisher, OffersEachChangeOnceAndRetriesASinkThatFailedUntilItTakesOne) {
    struct step {
        std::string text;
        bool sink_takes;
        publisher::outcome expected;
        std::vector<std::string> offered_so_far;
    };
    const step steps[] = {
        {"a", true, {true, true, false}, {"a"}},
        {"a", true, {false, false, false}, {"a"}},                // unchanged: nothing offered
        {"b", false, {true, false, true}, {"a", "b"}},            // the disk fails
        {"b", false, {false, false, true}, {"a", "b", "b"}},      // offered again, fails again
        {"b", true, {false, true, false}, {"a", "b", "b", "b"}},  // the retry works
        {"b", true, {false, false, false}, {"a", "b", "b", "b"}},
        {"c", false, {true, false, true}, {"a", "b", "b", "b", "c"}},
        {"d", true, {true, true, false}, {"a", "b", "b", "b", "c", "d"}},  // only the newest
    };
    publisher p;
    recording_sink sink;
    p.add_sink(sink.as_sink());
    EXPECT_EQ(p.current(), nullptr);
    for (const auto& s : steps) {
        sink.takes = s.sink_takes;
        auto got = p.publish(s.text);
        EXPECT_EQ(got.changed, s.expected.changed) << s.text;
        EXPECT_EQ(got.delivered, s.expected.delivered) << s.text;
        EXPECT_EQ(got.pending, s.expected.pending) << s.text;
        EXPECT_EQ(sink.offered, s.offered_so_far) << s.text;
        ASSERT_NE(p.current(), nullptr);
        EXPECT_EQ(*p.current(), s.text);
    }
}

TEST(Publisher, AFailingSinkDoesNotHoldBackTheOthersAndReadersKeepTheirText) {
    publisher p;
    recording_sink failing, working;
    failing.takes = false;
    p.add_sink(failing.as_sink());
    p.add_sink(working.as_sink());
    p.publish("one");
    auto held = p.current();  // what /targets is sending while the next poll lands
    p.publish("two");
    EXPECT_EQ(*held, "one");
    EXPECT_EQ(working.offered, (std::vector<std::string>{"one", "two"}));
    EXPECT_EQ(failing.offered, (std::vector<std::string>{"one", "two"}));
    p.publish("two");
    EXPECT_EQ(working.offered.size(), 2u) << "a sink that has the text is not offered it again";
    EXPECT_EQ(failing.offered.size(), 3u);
}

TEST(Publisher, RepublishOffersTheCurrentTextOnlyToSinksThatLackIt) {
    publisher p;
    recording_sink failing, working;
    failing.takes = false;
    p.add_sink(failing.as_sink());
    p.add_sink(working.as_sink());
    p.publish("one");
    auto again = p.republish();
    EXPECT_FALSE(again.changed);
    EXPECT_FALSE(again.delivered);
    EXPECT_TRUE(again.pending);
    failing.takes = true;
    again = p.republish();
    EXPECT_TRUE(again.delivered);
    EXPECT_FALSE(again.pending);
    EXPECT_EQ(failing.offered, (std::vector<std::string>{"one", "one", "one"}));
    EXPECT_EQ(working.offered, (std::vector<std::string>{"one"}));
}

parser::node classic_node(std::string name, std::string address) {
    parser::node n;
    n.name = std::move(name);
    n.address = std::move(address);
    n.endpoint = text::split_address(n.address);
    return n;
}

TEST(Publisher, GroupsAreRenderedAndOfferedOnlyWhenTheirTextChanges) {
    publisher p;
    recording_sink sink;
    p.add_sink(sink.as_sink());
    group_options options{.masters = {}, .cadvisor_port = 8070, .extra_labels = {}};
    std::vector<parser::node> nodes{classic_node("a", "10.0.0.1:2375")};
    auto first = p.publish_groups(nodes, parser::cluster_mode::classic, options);
    EXPECT_TRUE(first.result.changed);
    ASSERT_EQ(first.groups.size(), 1u);
    EXPECT_EQ(*p.current(), render_file_sd(first.groups));
    auto held = p.current();

    auto again = p.publish_groups(nodes, parser::cluster_mode::classic, options);
    EXPECT_FALSE(again.result.changed);
    EXPECT_EQ(p.current(), held) << "the same text, not a copy";

    nodes.push_back(classic_node("b", "10.0.0.2:2375"));
    auto changed = p.publish_groups(nodes, parser::cluster_mode::classic, options);
    EXPECT_TRUE(changed.result.changed);
    EXPECT_EQ(*p.current(), render_file_sd(changed.groups));
    EXPECT_EQ(sink.offered.size(), 2u) << "offered the first text and the change, nothing else";
}

}  // namespace
}  // namespace swarmsd::output
