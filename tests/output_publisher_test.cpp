// The publisher (one change check, sinks that may fail and are offered the text again) and the
// targets file it feeds in the daemon.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

#include "output/publisher.hpp"
#include "output/targets_file.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_data.hpp"

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
