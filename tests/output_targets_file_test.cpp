// The targets file the publisher feeds in the daemon: left alone when it already holds the text,
// its faults said once when they start and once when they clear, in-place rewrites said once.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

#include "output/targets_file.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_data.hpp"

namespace swarmsd::output {
namespace {

void write_file(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

published_text text_of(std::string s) { return std::make_shared<const std::string>(std::move(s)); }

TEST(TargetsFile, LeavesAnIdenticalFileAloneAndRemovesAStaleTempFile) {
    testing::temp_dir dir;
    auto path = (dir.path() / "swarm.json").string();
    write_file(path, "[]\n");
    write_file(temp_path_for(path), "half a");
    targets_file file(path);
    file.prepare();
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"swarm.json"});
    auto mtime = std::filesystem::last_write_time(path);
    EXPECT_EQ(file.write(text_of("[]\n")).what, targets_file::report::result::unchanged);
    EXPECT_EQ(std::filesystem::last_write_time(path), mtime);
    auto changed = file.write(text_of("[1]\n"));
    EXPECT_EQ(changed.what, targets_file::report::result::written);
    EXPECT_FALSE(changed.recovered);
    EXPECT_EQ(testing::read_file(path), "[1]\n");
}

TEST(TargetsFile, ComparesALargeFileToTheEndBeforeLeavingItAlone) {
    testing::temp_dir dir;
    auto path = (dir.path() / "swarm.json").string();
    std::string big(200 * 1024, 'x');  // more than one block of the comparison
    write_file(path, big);
    auto mtime = std::filesystem::last_write_time(path);
    targets_file same(path);
    same.prepare();
    EXPECT_EQ(same.write(text_of(big)).what, targets_file::report::result::unchanged);
    EXPECT_EQ(std::filesystem::last_write_time(path), mtime);

    auto last_differs = big;
    last_differs.back() = 'y';  // same size, one byte apart in the last block
    targets_file other(path);
    other.prepare();
    EXPECT_EQ(other.write(text_of(last_differs)).what, targets_file::report::result::written);
    EXPECT_EQ(testing::read_file(path), last_differs);
}

TEST(TargetsFile, SaysWhenAFaultStartsOnceAndWhenItClears) {
    testing::temp_dir dir;
    auto path = (dir.path() / "sub" / "swarm.json").string();  // a missing directory
    targets_file file(path);
    file.prepare();
    auto first = file.write(text_of("a"));
    EXPECT_EQ(first.what, targets_file::report::result::failed);
    EXPECT_EQ(first.error, std::errc::no_such_file_or_directory);
    EXPECT_TRUE(first.first_failure);
    auto again = file.write(text_of("b"));
    EXPECT_EQ(again.what, targets_file::report::result::failed);
    EXPECT_FALSE(again.first_failure) << "the same fault is said once";
    std::filesystem::create_directory(dir.path() / "sub");
    auto cleared = file.write(text_of("b"));
    EXPECT_EQ(cleared.what, targets_file::report::result::written);
    EXPECT_TRUE(cleared.recovered);
    EXPECT_EQ(testing::read_file(path), "b");
}

TEST(TargetsFile, SaysOnceThatItRewritesInPlaceWhenRenameCannotWork) {
    testing::temp_dir dir;
    auto path = (dir.path() / "swarm.json").string();
    file_calls busy;
    busy.rename = [](const char*, const char*) {
        errno = EBUSY;  // what a single-file bind mount answers
        return -1;
    };
    write_file(path, "[]\n");  // a bind-mounted file exists before the daemon starts
    targets_file file(path, busy);
    file.prepare();
    EXPECT_TRUE(file.write(text_of("a")).first_in_place);
    EXPECT_FALSE(file.write(text_of("b")).first_in_place);
    EXPECT_EQ(testing::read_file(path), "b");
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"swarm.json"});
}

}  // namespace
}  // namespace swarmsd::output
