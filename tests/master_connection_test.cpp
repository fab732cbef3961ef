// One connection to one master: the headers every request carries, and the deadline that closes
// the connection whatever it is doing.
#include <gtest/gtest.h>

#include <boost/asio/this_coro.hpp>
#include <chrono>

#include "demo/fake_master.hpp"
#include "swarm/config/master_url.hpp"
#include "swarm/master/connection.hpp"
#include "swarm/master/errc.hpp"
#include "tests/support/run_awaitable.hpp"

namespace swarmsd::master {
namespace {

using namespace std::chrono_literals;
namespace net = boost::asio;

TEST(MasterConnection, EveryRequestSaysWhoAsksAndWhatItAccepts) {
    auto tcp =
        get_request(config::parse_master_url("tcp://m1.example.org:2375"), "/v1.24/info", false);
    EXPECT_EQ(tcp[boost::beast::http::field::host], "m1.example.org:2375");
    EXPECT_EQ(tcp[boost::beast::http::field::accept], "application/json");
    EXPECT_TRUE(tcp[boost::beast::http::field::user_agent].starts_with("swarm-sd/"));
    EXPECT_FALSE(tcp.keep_alive());
    // Over a socket the Docker CLI says `localhost`, and so does swarm-sd.
    auto socket =
        get_request(config::parse_master_url("unix:///var/run/docker.sock"), "/events", true);
    EXPECT_EQ(socket[boost::beast::http::field::host], "localhost");
    EXPECT_TRUE(socket.keep_alive());
}

TEST(MasterConnection, TheDeadlineClosesAConnectionThatHangs) {
    testing::fake_master master(testing::hang{});
    auto url = testing::loopback_master(master.port());
    auto started = std::chrono::steady_clock::now();
    auto outcome =
        testing::run_awaitable([&]() -> net::awaitable<boost::system::result<std::string>> {
            auto connection =
                std::make_shared<master_connection>(co_await net::this_coro::executor);
            auto work =
                [](std::shared_ptr<master_connection> c,
                   config::master_url m) -> net::awaitable<boost::system::result<std::string>> {
                if (auto ec = co_await c->open(m, fetch_options{})) co_return ec;
                // Reads the answer the master never sends.
                char byte = 0;
                auto [ec, n] = co_await c->with_stream([&](auto& stream) {
                    return stream.async_read_some(net::buffer(&byte, 1),
                                                  net::as_tuple(net::use_awaitable));
                });
                if (ec) co_return ec;
                co_return std::string(1, byte);
            };
            co_return co_await with_deadline<std::string>(connection, 200ms, work(connection, url));
        });
    ASSERT_FALSE(outcome);
    EXPECT_EQ(outcome.error(), errc::timeout);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);  // loose: a loaded CI box passes
}

}  // namespace
}  // namespace swarmsd::master
