#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "output/write_atomically.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_data.hpp"

namespace swarmsd::output {
namespace {

namespace fs = std::filesystem;

TEST(WriteAtomically, WritesTextWithMode0644AndNoTempFileLeft) {
    testing::temp_dir dir;
    auto path = (dir.path() / "targets.json").string();
    auto old_mask = ::umask(077);
    auto written = write_atomically(path, "[]\n");
    ::umask(old_mask);
    ASSERT_TRUE(written) << written.error().message();
    EXPECT_EQ(*written, write_method::renamed);
    EXPECT_EQ(testing::read_file(path), "[]\n");
    EXPECT_EQ(fs::status(path).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                  fs::perms::others_read);
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"targets.json"});
}

TEST(WriteAtomically, ReplacesTheFileAsANewInode) {
    testing::temp_dir dir;
    auto path = (dir.path() / "t.json").string();
    ASSERT_TRUE(write_atomically(path, "one\n"));
    struct stat before {};
    ::stat(path.c_str(), &before);
    ASSERT_TRUE(write_atomically(path, "two\n"));
    struct stat after {};
    ::stat(path.c_str(), &after);
    EXPECT_NE(before.st_ino, after.st_ino);  // renamed over: a reader holding the old one is safe
    EXPECT_EQ(testing::read_file(path), "two\n");
}

int rename_busy(const char*, const char*) {
    errno = EBUSY;
    return -1;
}
int rename_cross_device(const char*, const char*) {
    errno = EXDEV;
    return -1;
}
int rename_denied(const char*, const char*) {
    errno = EACCES;
    return -1;
}

TEST(WriteAtomically, FallsBackToInPlaceWhenRenameIsBusyOrCrossDevice) {
    for (auto* rename : {&rename_busy, &rename_cross_device}) {
        testing::temp_dir dir;
        auto path = (dir.path() / "bind-mounted.json").string();
        ASSERT_TRUE(write_atomically(path, "a much longer old text\n"));
        auto written = write_atomically(path, "new\n", {.rename = rename});
        ASSERT_TRUE(written) << written.error().message();
        EXPECT_EQ(*written, write_method::in_place);
        EXPECT_EQ(testing::read_file(path), "new\n");
        EXPECT_EQ(dir.entries(), std::vector<std::string>{"bind-mounted.json"});
    }
}

TEST(WriteAtomically, OtherRenameErrorsLeaveTheOldFileAndNoTemp) {
    testing::temp_dir dir;
    auto path = (dir.path() / "t.json").string();
    ASSERT_TRUE(write_atomically(path, "old\n"));
    auto written = write_atomically(path, "new\n", {.rename = rename_denied});
    ASSERT_FALSE(written);
    EXPECT_EQ(written.error(), boost::system::errc::permission_denied);
    EXPECT_EQ(testing::read_file(path), "old\n");
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"t.json"});
}

long write_disk_full(int, const void*, unsigned long) {
    errno = ENOSPC;
    return -1;
}

TEST(WriteAtomically, DiskFullLeavesTheOldFileAndNoTemp) {
    testing::temp_dir dir;
    auto path = (dir.path() / "t.json").string();
    ASSERT_TRUE(write_atomically(path, "old\n"));
    auto written = write_atomically(path, "new\n", {.write = write_disk_full});
    ASSERT_FALSE(written);
    EXPECT_EQ(written.error(), boost::system::errc::no_space_on_device);
    EXPECT_EQ(testing::read_file(path), "old\n");
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"t.json"});
}

TEST(WriteAtomically, MissingDirectoryIsAnError) {
    testing::temp_dir dir;
    auto written = write_atomically((dir.path() / "missing" / "t.json").string(), "x");
    ASSERT_FALSE(written);
    EXPECT_EQ(written.error(), boost::system::errc::no_such_file_or_directory);
}

TEST(WriteAtomically, TempFileIsAHiddenSibling) {
    EXPECT_EQ(temp_path_for("/etc/prom/targets.json"), "/etc/prom/.targets.json.swarm-sd.tmp");
    EXPECT_EQ(temp_path_for("targets.json"), ".targets.json.swarm-sd.tmp");
}

}  // namespace
}  // namespace swarmsd::output
