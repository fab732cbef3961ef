#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "swarm/telemetry/log.hpp"

namespace swarmsd::telemetry {
namespace {

TEST(LogfmtValue, QuotesOnlyWhenNeeded) {
    EXPECT_EQ(logfmt_value("plain"), "plain");
    EXPECT_EQ(logfmt_value("http://m1:4000"), "http://m1:4000");
    EXPECT_EQ(logfmt_value(""), "\"\"");
    EXPECT_EQ(logfmt_value("Connection refused"), "\"Connection refused\"");
    EXPECT_EQ(logfmt_value("a=b"), "\"a=b\"");
    EXPECT_EQ(logfmt_value("say \"hi\"\n\\"), "\"say \\\"hi\\\"\\n\\\\\"");
    EXPECT_EQ(logfmt_value(std::string("nul\0", 4)), "\"nul\\x00\"");
}

TEST(Logger, WritesOneLogfmtLinePerCallAndFiltersByLevel) {
    char* buffer = nullptr;
    std::size_t size = 0;
    std::FILE* out = open_memstream(&buffer, &size);
    logger log(log_level::info, log_format::logfmt, out);
    log.debug("hidden");
    log.warn("master failed", {{"master", "http://m1:4000"}, {"err", "timed out"}});
    std::fclose(out);
    std::string text(buffer, size);
    std::free(buffer);
    EXPECT_TRUE(text.starts_with("ts=")) << text;
    EXPECT_NE(
        text.find(" level=warn msg=\"master failed\" master=http://m1:4000 err=\"timed out\"\n"),
        std::string::npos)
        << text;
    EXPECT_EQ(text.find("hidden"), std::string::npos);
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1);
}

TEST(Logger, AClustersLoggerNamesItsClusterOnEveryLineInEitherFormat) {
    for (auto format : {log_format::logfmt, log_format::json}) {
        char* buffer = nullptr;
        std::size_t size = 0;
        std::FILE* out = open_memstream(&buffer, &size);
        logger log(log_level::info, format, out);
        auto eu = log.with("cluster", "prod-eu");
        eu.info("targets updated", {{"targets", 3}});
        log.info("starting");
        std::fclose(out);
        std::string text(buffer, size);
        std::free(buffer);
        auto first = text.substr(0, text.find('\n'));
        auto second = text.substr(first.size() + 1);
        if (format == log_format::logfmt) {
            EXPECT_NE(first.find(" msg=\"targets updated\" cluster=prod-eu targets=3"),
                      std::string::npos)
                << first;
        } else {
            EXPECT_NE(first.find(R"("cluster":"prod-eu","targets":3)"), std::string::npos) << first;
        }
        EXPECT_EQ(second.find("cluster"), std::string::npos) << second;
    }
}

}  // namespace
}  // namespace swarmsd::telemetry
