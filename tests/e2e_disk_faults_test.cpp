// Disk faults under the built daemon, produced for real: the output directory removed, made
// read-only (a read-only remount), made unwritable to the daemon's user (run as nobody), full
// (a tiny tmpfs), and the output file a single-file bind mount (rename fails with EBUSY). Each
// fault must be logged once when it starts and once when it clears, leave the old file intact
// (or use the in-place fallback), and the daemon must catch up when the disk recovers.
//
// The mounts are made in a mount namespace of the test's own (unshare), which the daemon
// inherits and which vanishes with the test process: nothing leaks onto the machine. That needs
// root (CAP_SYS_ADMIN), which CI has; the system-call seam in output_writer_test.cpp covers the
// same errors without it.
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "demo/fake_master.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/file_sd_reading.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_data.hpp"

namespace swarmsd {
namespace {

using namespace std::chrono_literals;
using testing::fake_master;

constexpr const char* cannot_write = "msg=\"cannot write the targets file; will retry every poll\"";
constexpr const char* writable_again = "msg=\"targets file writable again\"";

// The node names the file lists, "a b "; "" while there is no file_sd JSON there.
std::string names_in(const std::filesystem::path& file) {
    std::string names;
    for (const auto& n : testing::node_names(testing::read_if_exists(file).value_or("")))
        names += n + " ";
    return names;
}

class DiskFault : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        // A mount namespace of our own, private, so no mount reaches the machine.
        mounts_ok = ::unshare(CLONE_NEWNS) == 0 &&
                    ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0;
    }
    void SetUp() override {
        if (mounts_ok) return;
        const char* required = std::getenv("SWARMSD_REQUIRE_TOOLS");
        if (required && std::string(required) == "1")
            FAIL() << "cannot make a mount namespace (needs root): " << std::strerror(errno);
        GTEST_SKIP() << "needs root for mounts; .ci/run runs it as root";
    }

    // What a test mounted goes before the scratch directory does, whatever the test's outcome:
    // a mount point cannot be removed, and the directory would stay behind in /tmp.
    void TearDown() override {
        daemon.reset();
        if (!mounts_ok) return;
        ::umount2(file.c_str(), MNT_DETACH);  // EINVAL where nothing is mounted
        ::umount2(dir.c_str(), MNT_DETACH);
    }

    testing::temp_dir scratch;
    std::filesystem::path dir = scratch.path() / "sd";
    std::filesystem::path file = dir / "swarm.json";
    fake_master master{testing::classic_info({{"a", "10.0.0.1:2375"}})};
    std::unique_ptr<testing::child_process> daemon;
    inline static bool mounts_ok = false;

    void start(std::vector<std::string> prefix = {}) {
        std::vector<std::string> args{
            "--output.file", file.string(), "--refresh-interval",   "50ms",
            "--timeout",     "1s",          "--web.listen-address", "",
            "--master",      master.url()};
        auto program = testing::swarm_sd_binary();
        if (!prefix.empty()) {
            args.insert(args.begin(), program);
            args.insert(args.begin(), prefix.begin() + 1, prefix.end());
            program = prefix.front();
        }
        daemon = std::make_unique<testing::child_process>(program, args);
        ASSERT_TRUE(testing::eventually([&] { return names_in(file) == "a "; })) << daemon->err();
    }

    // The fault is on: a new answer cannot be written. The old file stays as it was, the error is
    // logged once however many polls fail, and the daemon keeps polling.
    void expect_fault_held(const std::string& old_text) {
        master.set(testing::classic_info({{"b", "10.0.0.2:2375"}}));
        ASSERT_TRUE(testing::eventually([&] {
            return testing::occurrences(daemon->err(), cannot_write) == 1;
        })) << daemon->err();
        auto polls = master.requests();
        ASSERT_TRUE(testing::eventually([&] { return master.requests() >= polls + 10; }));
        EXPECT_EQ(testing::occurrences(daemon->err(), cannot_write), 1u) << daemon->err();
        EXPECT_NE(
            daemon->err().find("msg=\"targets updated\" nodes=1 targets=2 file=\"(not written: "),
            std::string::npos)
            << "the log must not claim the file was updated";
        if (!old_text.empty()) {
            EXPECT_EQ(testing::read_file(file), old_text);
        }
        EXPECT_EQ(daemon->wait_for(0ms), std::nullopt) << "the daemon stopped";
    }

    // The fault cleared: the daemon catches up at its next poll and says so once.
    void expect_recovered() {
        ASSERT_TRUE(testing::eventually([&] { return names_in(file) == "b "; })) << daemon->err();
        auto polls = master.requests();
        ASSERT_TRUE(testing::eventually([&] { return master.requests() >= polls + 5; }));
        EXPECT_EQ(testing::occurrences(daemon->err(), writable_again), 1u) << daemon->err();
        EXPECT_EQ(testing::occurrences(daemon->err(), cannot_write), 1u) << daemon->err();
        EXPECT_FALSE(std::filesystem::exists(dir / ".swarm.json.swarm-sd.tmp"));
    }

    void mount_tmpfs(const std::string& options) {
        std::filesystem::create_directories(dir);
        ASSERT_EQ(::mount("tmpfs", dir.c_str(), "tmpfs", 0, options.c_str()), 0)
            << std::strerror(errno);
    }
};

TEST_F(DiskFault, OutputDirectoryRemovedThenRecreated) {
    std::filesystem::create_directories(dir);
    start();
    std::filesystem::remove_all(dir);
    expect_fault_held("");
    EXPECT_NE(daemon->err().find("No such file or directory"), std::string::npos);
    std::filesystem::create_directories(dir);
    expect_recovered();
}

TEST_F(DiskFault, ReadOnlyFilesystemThenWritableAgain) {
    mount_tmpfs("size=1m");
    start();
    auto old_text = testing::read_file(file);
    ASSERT_EQ(::mount(nullptr, dir.c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr), 0)
        << std::strerror(errno);
    expect_fault_held(old_text);
    EXPECT_NE(daemon->err().find("Read-only file system"), std::string::npos);
    ASSERT_EQ(::mount(nullptr, dir.c_str(), nullptr, MS_REMOUNT, "size=1m"), 0);
    expect_recovered();
}

TEST_F(DiskFault, DirectoryNotWritableToTheDaemonsUserThenFixed) {
    // Run as nobody, as the image does: root would write whatever the mode says.
    std::filesystem::create_directories(dir);
    std::filesystem::permissions(scratch.path(), std::filesystem::perms(0755));
    ASSERT_EQ(::chown(dir.c_str(), 65534, 65534), 0);
    start({"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"});
    auto old_text = testing::read_file(file);
    ::chmod(dir.c_str(), 0555);
    expect_fault_held(old_text);
    EXPECT_NE(daemon->err().find("Permission denied"), std::string::npos);
    ::chmod(dir.c_str(), 0755);
    expect_recovered();
}

TEST_F(DiskFault, DiskFullThenSpaceFreed) {
    mount_tmpfs("size=64k");
    start();
    auto old_text = testing::read_file(file);
    {
        // Fill what is left, to the last byte.
        std::ofstream filler(dir / "filler", std::ios::binary);
        std::string block(4096, 'x');
        while (filler.write(block.data(), block.size())) filler.flush();
    }
    expect_fault_held(old_text);
    EXPECT_NE(daemon->err().find("No space left on device"), std::string::npos);
    std::filesystem::remove(dir / "filler");
    expect_recovered();
}

TEST_F(DiskFault, SingleFileBindMountIsRewrittenInPlace) {
    // docker run -v /host/swarm.json:/sd/swarm.json: rename over a mount point is EBUSY.
    std::filesystem::create_directories(dir);
    auto host_file = scratch.path() / "host-swarm.json";
    std::ofstream(host_file) << "[]\n";
    std::ofstream(file) << "";
    ASSERT_EQ(::mount(host_file.c_str(), file.c_str(), nullptr, MS_BIND, nullptr), 0)
        << std::strerror(errno);
    start();
    master.set(testing::classic_info({{"b", "10.0.0.2:2375"}}));
    ASSERT_TRUE(testing::eventually([&] { return names_in(host_file) == "b "; })) << daemon->err();
    auto warning = "msg=\"cannot rename over the targets file (a single-file bind mount?)";
    EXPECT_EQ(testing::occurrences(daemon->err(), warning), 1u) << daemon->err();
    EXPECT_EQ(testing::occurrences(daemon->err(), cannot_write), 0u) << daemon->err();
    EXPECT_FALSE(std::filesystem::exists(dir / ".swarm.json.swarm-sd.tmp"));
    ::umount(file.c_str());
}

}  // namespace
}  // namespace swarmsd
