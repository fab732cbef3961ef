#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/system/result.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "swarm/master/errc.hpp"
#include "swarm/master/http_client.hpp"

namespace swarmsd::master {

/// One connection to one master: TCP, TLS over TCP or a unix socket, as its URL says. Shared
/// (`shared_ptr`) between the work done on it and its deadline, which may `close()` it at any
/// moment: the work then ends with an error and unwinds on its own.
class master_connection {
  public:
    using tcp = boost::asio::ip::tcp;
    using unix_socket = boost::asio::local::stream_protocol::socket;

    explicit master_connection(boost::asio::any_io_executor executor);

    /// Resolves, connects and, for a TLS master, handshakes (the certificate checked unless
    /// configured otherwise). No deadline of its own: see `with_deadline`.
    [[nodiscard]] boost::asio::awaitable<boost::system::error_code> open(
        const master_url& master, const fetch_options& options);

    /// `use(stream)` on the open stream, whatever its kind: `use` is called with a
    /// `tcp::socket&`, an `ssl::stream<tcp::socket&>&` or a `unix_socket&` and returns an
    /// awaitable of one type for all three.
    template <typename Use>
    auto with_stream(Use use) {
        if (tls_) return use(*tls_);
        if (unix_open_) return use(unix_socket_);
        return use(tcp_socket_);
    }

    /// Ends whatever is under way: a pending lookup, connect, read or write fails at once.
    void close();

  private:
    boost::asio::awaitable<boost::system::error_code> handshake(const master_url& master,
                                                                const tls_client& tls);

    tcp::resolver resolver_;
    tcp::socket tcp_socket_;
    unix_socket unix_socket_;
    bool unix_open_ = false;
    std::optional<boost::asio::ssl::stream<tcp::socket&>> tls_;
};

/// A GET of `target` from `master`, with the headers every request of swarm-sd carries.
[[nodiscard]] boost::beast::http::request<boost::beast::http::empty_body> get_request(
    const master_url& master, const std::string& target, bool keep_alive);

/// Runs `work` on `connection` within `limit`: past it the connection is closed and the answer
/// is `errc::timeout`, whatever `work` was doing (resolving, connecting, writing, reading).
template <typename T>
boost::asio::awaitable<boost::system::result<T>> with_deadline(
    std::shared_ptr<master_connection> connection, std::chrono::milliseconds limit,
    boost::asio::awaitable<boost::system::result<T>> work) {
    namespace net = boost::asio;
    // Shared with the work's completion, which may come after the deadline has answered.
    struct race {
        explicit race(net::any_io_executor ex) : deadline(std::move(ex)) {}
        net::steady_timer deadline;
        std::optional<boost::system::result<T>> outcome;
    };
    auto executor = co_await net::this_coro::executor;
    auto r = std::make_shared<race>(executor);
    r->deadline.expires_after(limit);
    net::co_spawn(executor, std::move(work),
                  [r, connection](std::exception_ptr failure, boost::system::result<T> done) {
                      if (r->outcome) return;  // the deadline won
                      r->outcome =
                          failure ? boost::system::result<T>(errc::closed_early) : std::move(done);
                      r->deadline.cancel();
                  });
    co_await r->deadline.async_wait(net::as_tuple(net::use_awaitable));
    if (!r->outcome) {
        r->outcome = errc::timeout;
        connection->close();
    }
    co_return std::move(*r->outcome);
}

}  // namespace swarmsd::master
