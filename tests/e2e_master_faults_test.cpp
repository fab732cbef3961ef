// The fault matrix: the built swarm-sd, run as a daemon, against a master that fails in each way a
// master can fail. For each fault:
//   - the poll cycle rotates past the faulty master within the --timeout deadline;
//   - while no master answers well, the file (bytes, inode, mtime) and /targets stay as they were;
//   - memory stays under the bound the README states: peak RSS at most 32 MiB + 3 x
//   --max-body-size;
//   - the next good answer is applied.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "demo/fake_master.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/file_sd_reading.hpp"
#include "tests/support/http_get.hpp"
#include "tests/support/master_faults.hpp"
#include "tests/support/proc_status.hpp"
#include "tests/support/swarm_sd_daemon.hpp"
#include "tests/support/temp_dir.hpp"

namespace swarmsd {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;
using testing::fake_master;

constexpr auto timeout = 1000ms;
constexpr auto refresh = 100ms;
constexpr std::size_t max_body_mib = 16;  // the default --max-body-size
constexpr std::size_t rss_bound_kib = (32 + 3 * max_body_mib) * 1024;
// Loaded CI machines and sanitizers are slow; the bounds below add this much to the contract.
constexpr auto slack = 1500ms;

// The file's state; an empty one while there is no file.
testing::file_state look_at(const std::filesystem::path& path) {
    return testing::look_at(path).value_or(testing::file_state{});
}

using testing::node_names;

class MasterFault : public ::testing::TestWithParam<std::string> {
  protected:
    testing::temp_dir dir;
    std::filesystem::path file = dir.path() / "swarm.json";
    // A good master a redirect points at: following it would change the file.
    fake_master lure{testing::classic_info({{"lure", "10.9.9.9:2375"}})};

    testing::master_fault fault() {
        for (auto& f : testing::every_master_fault(lure.url())) {
            if (f.name == GetParam()) return f;
        }
        ADD_FAILURE() << "no fault named " << GetParam();
        return {};
    }
};

TEST_P(MasterFault, RotatesKeepsTheTargetsStaysBoundedAndRecovers) {
    auto f = fault();
    fake_master first(testing::classic_info({{"a", "10.0.0.1:2375"}, {"b", "10.0.0.2:2375"}}));
    std::optional<fake_master> faulty;
    if (f.dead_url.empty()) faulty.emplace(f.info);
    auto faulty_url = f.dead_url.empty() ? faulty->url() : f.dead_url;
    fake_master last(testing::reply{500, "{}"});

    auto daemon = testing::start_web_daemon({"--output.file", file.string(), "--refresh-interval",
                                             "100ms", "--timeout", "1s", "--master", first.url(),
                                             "--master", faulty_url, "--master", last.url()});
    ASSERT_NE(daemon.port, 0) << daemon.process->err();
    ASSERT_TRUE(testing::eventually([&] {
        return node_names(look_at(file).text) == std::vector<std::string>{"a", "b"};
    })) << daemon.process->err();
    auto before = look_at(file);
    auto targets_before = testing::http_get(daemon.port, "/targets");
    ASSERT_TRUE(targets_before);
    ASSERT_EQ(targets_before->body, before.text);

    // Every master fails now: the first with a 500, then the fault, then the last with a 500.
    auto faulted_at = clock_type::now();
    first.set(testing::reply{500, "{}"});
    auto asked = last.requests();
    ASSERT_TRUE(
        testing::eventually([&] { return last.requests() > asked; }, timeout + refresh + slack))
        << "the cycle did not get past the faulty master within the deadline";
    auto rotated_after = clock_type::now() - faulted_at;
    std::size_t peak_rss_kib = 0;
    // Three more cycles through the fault, looking at the file and /targets all along.
    for (auto seen = last.requests(); last.requests() < seen + 3;) {
        ASSERT_EQ(look_at(file), before) << "the file changed while no master answered well";
        auto targets = testing::http_get(daemon.port, "/targets");
        ASSERT_TRUE(targets);
        ASSERT_EQ(targets->body, before.text);
        auto status = testing::read_proc_status(daemon.process->pid());
        peak_rss_kib = std::max(peak_rss_kib, status.peak_rss_kib);
        ASSERT_LT(clock_type::now() - faulted_at, 5 * (timeout + refresh) + slack) << "stuck";
        std::this_thread::sleep_for(20ms);
    }
    // By path: another test's daemon may poll the lure's port if the kernel gave it out before.
    for (const auto& target : lure.targets())
        EXPECT_EQ(target.find("/redirected"), std::string::npos) << "a redirect was followed";

    // The next good answer, from the master after the fault, is applied.
    auto recovered_at = clock_type::now();
    last.set(testing::classic_info({{"c", "10.0.0.3:2375"}}));
    ASSERT_TRUE(testing::eventually(
        [&] { return node_names(look_at(file).text) == std::vector<std::string>{"c"}; },
        2 * (timeout + refresh) + slack))
        << daemon.process->err();
    auto recovered_after = clock_type::now() - recovered_at;
    EXPECT_EQ(testing::http_get(daemon.port, "/targets")->body, look_at(file).text);

    auto log = daemon.process->err();
    auto failed_line = "msg=\"master failed\" master=" + faulty_url + " err=";
    auto failed_at = log.find(failed_line);
    ASSERT_NE(failed_at, std::string::npos) << log;
    auto error_text = log.substr(failed_at + failed_line.size(),
                                 log.find('\n', failed_at) - failed_at - failed_line.size());
    EXPECT_NE(log.find("msg=\"no master answered; keeping the last good targets\""),
              std::string::npos);
    std::printf(
        "[%s] err=%s; rotated past it after %lld ms; new answer applied after %lld ms; peak RSS "
        "%zu KiB\n",
        f.name.c_str(), error_text.c_str(),
        static_cast<long long>(
            std::chrono::duration_cast<std::chrono::milliseconds>(rotated_after).count()),
        static_cast<long long>(
            std::chrono::duration_cast<std::chrono::milliseconds>(recovered_after).count()),
        peak_rss_kib);
#ifndef SWARMSD_SANITIZED  // ASan's shadow memory and quarantine are not swarm-sd's to bound
    EXPECT_LT(peak_rss_kib, rss_bound_kib);
#endif
}

std::vector<std::string> fault_names() {
    std::vector<std::string> names;
    for (const auto& f : testing::every_master_fault("http://127.0.0.1:1")) names.push_back(f.name);
    return names;
}

INSTANTIATE_TEST_SUITE_P(Matrix, MasterFault, ::testing::ValuesIn(fault_names()),
                         [](const auto& test) { return test.param; });

}  // namespace
}  // namespace swarmsd
