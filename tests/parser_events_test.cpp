// Event streams as Docker Engines and classic Swarm managers write them.
#include <gtest/gtest.h>

#include "parser/errc.hpp"
#include "parser/events.hpp"

namespace swarmsd::parser {
namespace {

const std::string node_update =
    R"({"Type":"node","Action":"update","Actor":{"ID":"ksw8","Attributes":{"name":"node2",)"
    R"("state.new":"ready"}},"scope":"swarm","time":1796139138,"timeNano":1796139138333563531})";
const std::string engine_disconnect =
    R"({"status":"engine_disconnect","id":"","from":"swarm","Type":"swarm","Action":)"
    R"("engine_disconnect","Actor":{"ID":"","Attributes":{"node.name":"node-01","node.addr":)"
    R"("10.0.0.11:2375","node.id":"Q4XK","node.ip":"10.0.0.11"}},"time":1475500000})";
const std::string container_start =
    R"({"status":"start","id":"abc","from":"nginx","Type":"container","Action":"start",)"
    R"("Actor":{"ID":"abc","Attributes":{"Type":"node","image":"nginx"}},"time":1})";
// Docker 1.9 and classic Swarm before API 1.22: no Type and Action, only `status`.
const std::string old_style = R"({"status":"engine_reconnect","id":"","from":"swarm","time":1})";

std::vector<engine_event> read_all(const std::vector<std::string>& pieces,
                                   boost::system::error_code* error = nullptr,
                                   std::size_t limit = 64 * 1024) {
    event_reader reader(limit);
    std::vector<engine_event> events;
    for (const auto& piece : pieces) {
        auto ec = reader.feed(piece, [&](const engine_event& e) { events.push_back(e); });
        if (ec) {
            if (error) *error = ec;
            break;
        }
    }
    return events;
}

TEST(EventReader, KeepsTheActorsIdAndNoOtherId) {
    // The top-level `id` (a container's), an ID in Attributes and an ID of another object are
    // not the actor's; the last `Actor.ID` counts, as a DOM reading would have it.
    const std::string tricky =
        R"({"id":"top","Type":"node","Other":{"ID":"no"},"Actor":{"Attributes":{"ID":"no2"},)"
        R"("ID":"first","ID":"n0de1"},"Action":"update"})";
    auto events = read_all({tricky});
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].actor_id, "n0de1");
    std::vector<std::string> bytes;
    for (char c : tricky) bytes.emplace_back(1, c);
    EXPECT_EQ(read_all(bytes), events) << "the same, one byte at a time";

    // An ID longer than any node's is cut, and then is no node ID.
    auto long_id =
        R"({"Type":"node","Action":"update","Actor":{"ID":")" + std::string(500, 'a') + R"("}})";
    events = read_all({long_id});
    ASSERT_EQ(events.size(), 1u);
    EXPECT_LE(events[0].actor_id.size(), 64u);
    EXPECT_FALSE(is_node_id(events[0].actor_id));
}

TEST(EventReader, ANodeIdIsLettersAndDigitsOnly) {
    EXPECT_TRUE(is_node_id("ksw8yq1z5k2l6b0t3n7m4x9c0"));
    for (const char* bad : {"", "../info", "a/b", "a?b", "a b", "a%2Fb", "é"})
        EXPECT_FALSE(is_node_id(bad)) << bad;
}

TEST(EventReader, ReadsNewlineSeparatedAndBackToBackEventsInAnyPieces) {
    const std::vector<engine_event> expected{{"node", "update", "ksw8"},
                                             {"swarm", "engine_disconnect", ""},
                                             {"container", "start", "abc"},
                                             {"", "engine_reconnect", ""}};
    auto engine_style =
        node_update + "\n" + engine_disconnect + "\n" + container_start + "\n" + old_style + "\n";
    auto classic_style = node_update + engine_disconnect + container_start + old_style;
    for (const auto& stream : {engine_style, classic_style}) {
        EXPECT_EQ(read_all({stream}), expected) << stream;
        std::vector<std::string> bytes;  // one byte at a time, as a slow network may hand them
        for (char c : stream) bytes.emplace_back(1, c);
        EXPECT_EQ(read_all(bytes), expected);
        std::vector<std::string> halves{stream.substr(0, stream.size() / 2),
                                        stream.substr(stream.size() / 2)};
        EXPECT_EQ(read_all(halves), expected);
    }
}

TEST(EventReader, OnlyTopLevelTypeAndActionCount) {
    // The container's Actor carries an attribute named Type; it is not the event's type.
    auto events = read_all({container_start});
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].type, "container");
    EXPECT_FALSE(changes_nodes(events[0]));
}

TEST(EventReader, GarbageAndOversizedEventsAreErrors) {
    boost::system::error_code ec;
    auto events = read_all({node_update + "\n<html>proxy error</html>"}, &ec);
    EXPECT_EQ(events.size(), 1u) << "what came before the garbage still counts";
    EXPECT_EQ(ec, errc::not_json);

    ec = {};
    std::string huge = R"({"Type":"node","Action":"update","pad":")" + std::string(100'000, 'x');
    read_all({huge.substr(0, 50'000), huge.substr(50'000)}, &ec, 64 * 1024);
    EXPECT_EQ(ec, errc::event_too_large);

    ec = {};
    read_all({std::string(10'000, '[')}, &ec, 1024);
    EXPECT_TRUE(ec) << "deep nesting is refused, not recursed into";
}

TEST(ChangesNodes, NodeEventsAndAClassicManagersEngineEvents) {
    struct row {
        engine_event event;
        bool changes;
    };
    const row rows[] = {
        {{"node", "create"}, true},
        {{"node", "update"}, true},
        {{"node", "remove"}, true},
        {{"swarm", "engine_connect"}, true},
        {{"swarm", "engine_disconnect"}, true},
        {{"swarm", "engine_reconnect"}, true},
        {{"", "engine_reconnect"}, true},
        {{"container", "start"}, false},
        {{"network", "connect"}, false},
        {{"service", "update"}, false},
        {{"swarm", "engine_ready"}, false},
    };
    for (const auto& r : rows)
        EXPECT_EQ(changes_nodes(r.event), r.changes) << r.event.type << " " << r.event.action;
}

}  // namespace
}  // namespace swarmsd::parser
