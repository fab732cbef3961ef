#include <gtest/gtest.h>

#include <boost/asio/error.hpp>

#include "demo/fake_master.hpp"
#include "swarm/master/engine_client.hpp"
#include "swarm/master/errc.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/run_awaitable.hpp"
#include "tests/support/temp_dir.hpp"

namespace swarmsd::master {
namespace {

using namespace std::chrono_literals;
using testing::fake_master;

using testing::loopback_master;

boost::system::result<std::string> get(const master_url& m,
                                       fetch_options options = {.limits = {.timeout = 2s}},
                                       request_notes* notes = nullptr, body_sink* sink = nullptr) {
    engine_client client(m, std::move(options));
    return testing::run_awaitable(
        [&] { return client.get("/info", request_kind::listing, sink, notes); });
}

TEST(EngineClient, ReturnsTheBodyOfA200) {
    fake_master master(testing::reply{200, R"({"ok":true})"});
    auto body = get(loopback_master(master.port()));
    ASSERT_TRUE(body) << body.error().message();
    EXPECT_EQ(*body, R"({"ok":true})");
}

TEST(EngineClient, PrefixesTheBasePath) {
    fake_master master(testing::reply{200, "{}"});
    auto m = loopback_master(master.port());
    m.base_path = "/swarm";
    auto body = get(m);
    ASSERT_TRUE(body) << body.error().message();
    EXPECT_EQ(master.requests(), 1u);
}

TEST(EngineClient, RefusedConnectionIsAnError) {
    auto body = get(loopback_master(testing::unused_port()));
    ASSERT_FALSE(body);
    EXPECT_EQ(body.error(), boost::asio::error::connection_refused);
}

TEST(EngineClient, NonSuccessStatusIsAnErrorNamingTheStatus) {
    for (unsigned status : {301u, 404u, 500u, 503u}) {
        fake_master master(testing::reply{status, "{}"});
        auto body = get(loopback_master(master.port()));
        ASSERT_FALSE(body);
        EXPECT_EQ(body.error(),
                  boost::system::error_code(static_cast<int>(status), http_status_category()));
        EXPECT_TRUE(body.error().message().starts_with("HTTP " + std::to_string(status)))
            << body.error().message();
    }
}

TEST(EngineClient, HangingMasterTimesOut) {
    fake_master master(testing::hang{});
    auto start = std::chrono::steady_clock::now();
    auto body = get(loopback_master(master.port()), {.limits = {.timeout = 150ms}});
    ASSERT_FALSE(body);
    EXPECT_EQ(body.error(), errc::timeout);
    EXPECT_EQ(body.error().message(), "timed out");
    // The deadline must actually cut the request: generous bound, not a speed target.
    EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
}

TEST(EngineClient, OneDeadlineCoversADrippingAnswer) {
    fake_master master(testing::drip{R"({"SystemStatus":[]})", 20ms});
    auto body = get(loopback_master(master.port()), {.limits = {.timeout = 200ms}});
    ASSERT_FALSE(body);
    EXPECT_EQ(body.error(), errc::timeout);
}

TEST(EngineClient, CloseRightAfterAcceptIsAnError) {
    fake_master master(testing::close_at_once{});
    auto body = get(loopback_master(master.port()));
    ASSERT_FALSE(body);
    EXPECT_EQ(body.error(), errc::closed_early);
}

TEST(EngineClient, GarbageInsteadOfHttpIsAnError) {
    fake_master master(testing::garbage{"SSH-2.0-OpenSSH_9.2\r\n\r\n"});
    EXPECT_FALSE(get(loopback_master(master.port())));
}

TEST(EngineClient, BodyOverTheLimitIsAnErrorNotAnAllocation) {
    fake_master master(testing::huge{200u * 1024 * 1024});
    auto body =
        get(loopback_master(master.port()), {.limits = {.timeout = 5s, .body_limit = 1024 * 1024}});
    ASSERT_FALSE(body);
    EXPECT_EQ(body.error(), errc::body_too_large);
}

// What a body_sink was given.
struct recording_sink final : body_sink {
    bool write(std::string_view piece) override {
        ++pieces;
        text += piece;
        return refuse_after == 0 || text.size() < refuse_after;
    }
    std::string text;
    std::size_t pieces = 0;
    std::size_t refuse_after = 0;
};

TEST(EngineClient, ASinkTakesAGoodAnswerPieceByPieceAndNothingElse) {
    std::string big(3 * 1024 * 1024, 'x');
    fake_master master(testing::reply{200, big});
    recording_sink sink;
    request_notes notes;
    fetch_options options{.limits = {.timeout = 5s}};
    auto m = loopback_master(master.port());  // outlives the coroutine, which takes it by reference
    auto body = get(m, options, &notes, &sink);
    ASSERT_TRUE(body) << body.error().message();
    EXPECT_TRUE(body->empty()) << "the sink took the body";
    EXPECT_EQ(sink.text, big);
    EXPECT_GT(sink.pieces, 1u);
    EXPECT_EQ(notes.bytes, big.size());

    // An error answer is read whole, for what the engine says; the sink sees none of it.
    fake_master refusing(testing::reply{503, R"({"message":"not a manager"})"});
    recording_sink untouched;
    auto refusing_master = loopback_master(refusing.port());
    body = get(refusing_master, options, &notes, &untouched);
    ASSERT_FALSE(body);
    EXPECT_EQ(notes.detail, "not a manager");
    EXPECT_EQ(untouched.pieces, 0u);
}

TEST(EngineClient, ASinkThatHasSeenEnoughStopsTheReadAndTheLimitStillHolds) {
    std::string big(3 * 1024 * 1024, 'x');
    fake_master master(testing::reply{200, big});
    fetch_options options{.limits = {.timeout = 5s}};
    recording_sink sink;
    sink.refuse_after = 100 * 1024;
    auto m = loopback_master(master.port());
    auto body = get(m, options, nullptr, &sink);
    ASSERT_TRUE(body) << "the caller learns of the bad body from its sink";
    EXPECT_LT(sink.text.size(), big.size());

    options.limits.body_limit = 1024 * 1024;
    recording_sink limited;
    body = get(m, options, nullptr, &limited);
    ASSERT_FALSE(body);
    EXPECT_EQ(body.error(), errc::body_too_large);
    EXPECT_LE(limited.text.size(), options.limits.body_limit);
}

TEST(EngineClient, ResolvesHostNames) {
    // `localhost` comes from /etc/hosts: the resolver path is covered without leaving loopback.
    fake_master master(testing::reply{200, "{}"});
    auto body = get({"http://localhost", "localhost", master.port(), "", ""});
    ASSERT_TRUE(body) << body.error().message();
}

// A unix-socket master gets the same deadline and limits as a TCP one.
class EngineClientOverUnixSocket : public ::testing::Test {
  protected:
    testing::temp_dir dir;
    std::string path = (dir.path() / "docker.sock").string();
    master_url socket_master() const { return config::parse_master_url("unix://" + path); }
};

TEST_F(EngineClientOverUnixSocket, ReturnsTheBody) {
    fake_master master(testing::reply{200, R"({"ok":true})"}, testing::unix_listener{path});
    auto body = get(socket_master());
    ASSERT_TRUE(body) << body.error().message();
    EXPECT_EQ(*body, R"({"ok":true})");
}

TEST_F(EngineClientOverUnixSocket, AHangingMasterTimesOut) {
    fake_master master(testing::hang{}, testing::unix_listener{path});
    auto started = std::chrono::steady_clock::now();
    auto body = get(socket_master(), {.limits = {.timeout = 200ms}});
    ASSERT_FALSE(body);
    EXPECT_EQ(body.error(), errc::timeout);
    EXPECT_LT(std::chrono::steady_clock::now() - started,
              2s);  // loose: a loaded CI box still passes
}

TEST_F(EngineClientOverUnixSocket, AHugeAnswerHitsTheBodyLimit) {
    fake_master master(testing::huge{10 * 1024 * 1024}, testing::unix_listener{path});
    auto body = get(socket_master(), {.limits = {.timeout = 5s, .body_limit = 1024 * 1024}});
    ASSERT_FALSE(body);
    EXPECT_EQ(body.error(), errc::body_too_large);
}

}  // namespace
}  // namespace swarmsd::master
