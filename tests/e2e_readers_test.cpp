// A reader (Prometheus) re-reading the file in a tight loop while the built daemon rewrites it
// thousands of times must only ever see a whole file: every read parses and is byte for byte one
// of the versions written.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "demo/classic_info_body.hpp"
#include "demo/fake_master.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/file_sd_reading.hpp"
#include "tests/support/temp_dir.hpp"

namespace swarmsd {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr std::size_t rewrites = 2000;

TEST(Readers, NeverSeeAPartialFileAcrossThousandsOfRewrites) {
    // Three answers of very different sizes, so a torn read could not pass for a whole one.
    std::vector<testing::reply> answers = {
        testing::classic_info({{"a", "10.0.0.1:2375"}}),
        testing::reply{200, testing::classic_info_body(testing::numbered_nodes(40))},
        testing::classic_info({{"b", "10.0.0.2:2375"}, {"c", "10.0.0.3:2375"}}),
    };
    testing::fake_master master(answers[0]);
    // Each version exactly as written: what --print renders for the same master and answer.
    std::set<std::string> versions;
    for (const auto& answer : answers) {
        master.set(answer);
        auto run = testing::run_swarm_sd({"--print", "--master", master.url()});
        ASSERT_EQ(run.exit_code, 0) << run.err;
        versions.insert(run.out);
    }
    ASSERT_EQ(versions.size(), 3u);

    master.set(testing::in_turn{{answers.begin(), answers.end()}});
    testing::temp_dir dir;
    auto file = dir.path() / "swarm.json";
    testing::child_process daemon(
        testing::swarm_sd_binary(),
        {"--master", master.url(), "--output.file", file.string(), "--refresh-interval", "1ms",
         "--web.listen-address", "", "--log.level", "warn"});

    std::size_t reads = 0;
    std::map<std::string, std::size_t> seen;
    auto deadline = std::chrono::steady_clock::now() + 120s;
    while (master.requests() < rewrites + 1) {
        ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the daemon rewrites too slowly";
        auto text = testing::read_if_exists(file);
        if (!text) continue;  // before the first write
        ++reads;
        boost::system::error_code ec;
        json::parse(*text, ec);
        ASSERT_FALSE(ec) << "read " << reads << " does not parse (" << ec.message() << "):\n"
                         << *text;
        ASSERT_TRUE(versions.contains(*text)) << "read " << reads << " is no written version:\n"
                                              << *text;
        ++seen[*text];
    }
    EXPECT_EQ(seen.size(), 3u) << "the reader should have caught every version";
    std::printf("%zu reads during %zu rewrites, every one whole\n", reads, master.requests());
    EXPECT_EQ(daemon.wait_for(0ms), std::nullopt);
}

}  // namespace
}  // namespace swarmsd
