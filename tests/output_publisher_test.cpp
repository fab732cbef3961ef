// The publisher: one change check, sinks that may fail and are offered the text again.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <random>

#include "output/make_target_groups.hpp"
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

// `n` groups whose targets are named from `first` on.
target_groups numbered_groups(std::size_t first, std::size_t n) {
    target_groups groups;
    for (auto i = first; i < first + n; ++i) {
        groups.begin_group(groups.keep(fmt::format("10.0.0.{}:9100", i)));
        groups.add_label("__meta_swarm_service_name", i < 2 ? "web" : "db");
    }
    return groups;
}

TEST(Publisher, ASectionIsItsGroupsAloneUntilTheNextTextHasNone) {
    publisher p;
    ASSERT_TRUE(p.section("web").has_value());
    EXPECT_EQ(*p.section("web"), nullptr);  // nothing published yet: not "unknown"
    auto published = p.publish_sections(numbered_groups(0, 5), {{"web", {0, 2}}, {"db", {2, 5}}});
    EXPECT_EQ(published.targets, 5u);
    EXPECT_TRUE(published.result.changed);
    EXPECT_EQ(**p.section("web"), render_file_sd(numbered_groups(0, 2)));
    EXPECT_EQ(**p.section("db"), render_file_sd(numbered_groups(2, 3)));
    EXPECT_EQ(p.section("cache"), std::nullopt);
    // An empty section is an empty list, not an unknown name.
    p.publish_sections(numbered_groups(0, 2), {{"web", {0, 2}}, {"db", {2, 2}}});
    EXPECT_EQ(**p.section("db"), "[]\n");
    // A text published without sections has none.
    p.publish("[]\n");
    EXPECT_EQ(p.section("web"), std::nullopt);
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
    EXPECT_EQ(first.targets, 1u);
    EXPECT_EQ(*p.current(),
              render_file_sd(make_target_groups(nodes, parser::cluster_mode::classic, options)));
    auto held = p.current();

    auto again = p.publish_groups(nodes, parser::cluster_mode::classic, options);
    EXPECT_FALSE(again.result.changed);
    EXPECT_EQ(p.current(), held) << "the same text, not a copy";

    nodes.push_back(classic_node("b", "10.0.0.2:2375"));
    auto changed = p.publish_groups(nodes, parser::cluster_mode::classic, options);
    EXPECT_TRUE(changed.result.changed);
    EXPECT_EQ(changed.targets, 2u);
    EXPECT_EQ(*p.current(),
              render_file_sd(make_target_groups(nodes, parser::cluster_mode::classic, options)));
    EXPECT_EQ(sink.offered.size(), 2u) << "offered the first text and the change, nothing else";
}

// A swarm-mode node, as `GET /nodes` gives it.
parser::node swarm_node(std::size_t k) {
    parser::node n;
    n.name = fmt::format("node-{:03}", k);
    n.address = fmt::format("10.0.{}.{}", k / 200, k % 200 + 1);
    n.endpoint = text::split_address(n.address);
    n.id = fmt::format("id{:03}", k);
    n.status = "ready";
    n.labels = {{"tier", "web"}};
    auto& d = n.swarm_mode.emplace();
    d.role = k % 10 == 0 ? "manager" : "worker";
    d.availability = "active";
    d.hostname = n.name;
    d.engine_labels = {{"zone", "a"}};
    return n;
}

// Changes one node in place as an event would announce: a label, its status, its name (its group
// moves), its address (gone: no host), a value that needs escaping, or nothing.
void change(parser::node& n, std::size_t how, std::size_t k) {
    switch (how % 6) {
        case 0:
            n.labels["tier"] = fmt::format("tier-{}", k);
            break;
        case 1:
            n.status = n.status == "ready" ? "down" : "ready";
            break;
        case 2:
            n.name = fmt::format("node-{:03}", (k * 7919) % 1000);
            break;
        case 3:
            n.address = k % 2 ? "" : fmt::format("10.9.0.{}", k % 250 + 1);
            n.endpoint = text::split_address(n.address);
            break;
        case 4:
            n.labels["note"] = "a \"quoted\"\nline\\";
            break;
        default:
            break;
    }
}

TEST(Publisher, NodesReplacedInPlaceGiveTheTextTheWholeNodesWould) {
    publisher p;
    recording_sink sink;
    p.add_sink(sink.as_sink());
    group_options options{.masters = {}, .cadvisor_port = 8080, .extra_labels = {{"env", "prod"}}};
    auto mode = parser::cluster_mode::swarm_mode;
    std::vector<parser::node> nodes;
    for (std::size_t k = 0; k < 60; ++k) nodes.push_back(swarm_node(k));
    p.publish_groups(nodes, mode, options);
    std::mt19937 random(7);  // NOLINT(cert-msc32-c,cert-msc51-cpp): the same rounds every run
    for (std::size_t round = 0; round < 300; ++round) {
        std::vector<std::size_t> changed;
        for (std::size_t i = 0, n = random() % 4 + 1; i < n; ++i) {
            auto at = random() % nodes.size();
            change(nodes[at], random(), round);
            changed.push_back(at);
        }
        auto before = p.current();
        auto published = p.publish_changed(nodes, mode, options, changed);
        auto whole = render_file_sd(make_target_groups(nodes, mode, options));
        ASSERT_EQ(*p.current(), whole) << "round " << round;
        EXPECT_EQ(published.result.changed, *before != whole) << "round " << round;
        EXPECT_EQ(published.targets, make_target_groups(nodes, mode, options).size());
        if (!published.result.changed) {
            EXPECT_EQ(p.current(), before) << "the same text, held once";
        }
    }
    EXPECT_EQ(sink.offered.back(), *p.current());
}

}  // namespace
}  // namespace swarmsd::output
