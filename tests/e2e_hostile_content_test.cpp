// No master answer can make swarm-sd write invalid JSON or an invalid label name: node names,
// addresses, label keys and values full of quotes, backslashes, control characters, escaped NULs
// and very long text, from a classic master and from a swarm-mode manager, through the built
// binary (--print and the daemon's JSON logs).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "demo/fake_master.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/swarm_sd_daemon.hpp"
#include "tests/support/temp_dir.hpp"

namespace swarmsd {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using testing::fake_master;

// Text no label should ever break on: JSON's own specials, control characters, an escaped NUL,
// a lone backslash at the end.
const std::string nasty =
    std::string("q\"uo\\te\x01\x1f\t\n\r/ \x7f caf\xc3\xa9 ") + std::string(1, '\0') + "end\\";
const std::string long_text(100'000, 'v');

// [a-zA-Z_][a-zA-Z0-9_]*, written out (std::regex recurses per character and overflows the stack
// on a 100,000-character name).
bool is_label_name(std::string_view name) {
    auto letter = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    };
    if (name.empty() || !letter(name.front())) return false;
    return std::all_of(name.begin(), name.end(),
                       [&](char c) { return letter(c) || (c >= '0' && c <= '9'); });
}

// Checks what a file_sd reader needs: one strict JSON array of groups whose label names all match
// [a-zA-Z_][a-zA-Z0-9_]* and whose values are strings; returns every label value seen.
std::vector<std::string> check_file_sd(const std::string& text) {
    std::vector<std::string> values;
    boost::system::error_code ec;
    auto document = json::parse(text, ec);
    EXPECT_FALSE(ec) << ec.message();
    if (ec) return values;
    for (const auto& group : document.as_array()) {
        for (const auto& target : group.at("targets").as_array()) EXPECT_TRUE(target.is_string());
        for (const auto& [name, value] : group.at("labels").as_object()) {
            EXPECT_TRUE(is_label_name(name)) << "invalid label name " << name.substr(0, 200);
            EXPECT_TRUE(value.is_string()) << name;
            if (value.is_string()) values.emplace_back(value.as_string());
        }
    }
    return values;
}

bool has(const std::vector<std::string>& values, const std::string& v) {
    return std::find(values.begin(), values.end(), v) != values.end();
}

std::string classic_body() {
    json::array rows{json::array{"Role", "primary"}, json::array{"Nodes", "2"}};
    auto node = [&](const std::string& name, const std::string& address,
                    const std::string& labels) {
        rows.push_back(json::array{" " + name, address});
        rows.push_back(json::array{"  └ Status", "Healthy"});
        rows.push_back(json::array{"  └ Labels", labels});
    };
    node(nasty, "10.0.0.1:2375", nasty + "=" + nasty + ", " + long_text + "=" + long_text);
    node(long_text, "10.0.0.2:2375\"}]", "zone=\"a\\b\"");
    return json::serialize(json::object{{"SystemStatus", rows}});
}

std::string swarm_nodes_body() {
    json::object labels{{nasty, nasty}, {long_text, long_text}, {"", "empty key"}, {"ok", ""}};
    json::array nodes;
    nodes.push_back(
        json::object{{"ID", nasty},
                     {"Spec", {{"Role", "worker"}, {"Availability", nasty}, {"Labels", labels}}},
                     {"Description", {{"Hostname", nasty}, {"Engine", {{"Labels", labels}}}}},
                     {"Status", {{"State", nasty}, {"Addr", "10.0.0.3"}}}});
    nodes.push_back(json::object{{"ID", long_text},
                                 {"Spec", {{"Role", nasty}, {"Labels", {{"a\"b", "c\\d"}}}}},
                                 {"Description", {{"Hostname", long_text}}},
                                 {"Status", {{"State", "ready"}, {"Addr", "10.0.0.4"}}}});
    return json::serialize(nodes);
}

TEST(HostileContent, AClassicMasterCannotBreakTheOutput) {
    fake_master master(testing::reply{200, classic_body()});
    auto run = testing::run_swarm_sd({"--print", "--master", master.url()});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    auto values = check_file_sd(run.out);
    EXPECT_TRUE(has(values, nasty)) << "a node name must come through exactly, escaped";
    EXPECT_TRUE(has(values, long_text));
}

TEST(HostileContent, ASwarmModeManagerCannotBreakTheOutput) {
    fake_master master(testing::reply{200, "{}"});
    testing::make_engine(master, testing::engine_role::manager, {});
    master.set_nodes(testing::reply{200, swarm_nodes_body()});
    auto run = testing::run_swarm_sd({"--print", "--master", master.url()});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    auto values = check_file_sd(run.out);
    EXPECT_TRUE(has(values, nasty));
    EXPECT_TRUE(has(values, long_text));
    EXPECT_TRUE(has(values, "c\\d"));
}

TEST(HostileContent, JsonLogsStayOneValidObjectPerLine) {
    fake_master master(testing::reply{200, classic_body()});
    testing::temp_dir dir;
    auto daemon = testing::start_web_daemon({"--master", master.url(), "--output.file",
                                             (dir.path() / "swarm.json").string(),
                                             "--refresh-interval", "50ms", "--log.format", "json"});
    ASSERT_NE(daemon.port, 0);
    // Good, then bad in every way a body can be, then good again.
    for (auto body :
         {std::string("\xff\xfe{\"x\":\"\x01\"}"),
          std::string("{\"SystemStatus\":[[\"Nodes\",\"1\"],[\" \\\"\\u0000\",\"\\\\\"]]}"),
          classic_body()}) {
        auto seen = master.requests();
        master.set(testing::reply{200, body});
        ASSERT_TRUE(testing::eventually([&] { return master.requests() >= seen + 3; }));
    }
    daemon.process->send(SIGTERM);
    ASSERT_EQ(daemon.process->wait_for(5s), 0);
    auto log = daemon.process->err();
    std::size_t lines = 0;
    for (std::size_t start = 0, end; (end = log.find('\n', start)) != std::string::npos;
         start = end + 1) {
        boost::system::error_code ec;
        auto line = json::parse(log.substr(start, end - start), ec);
        EXPECT_FALSE(ec) << log.substr(start, end - start);
        EXPECT_TRUE(line.is_object());
        ++lines;
    }
    EXPECT_GE(lines, 4u) << log;
    check_file_sd(testing::run_swarm_sd({"--print", "--master", master.url()}).out);
}

}  // namespace
}  // namespace swarmsd
