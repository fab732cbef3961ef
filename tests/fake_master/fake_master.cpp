#include "tests/fake_master/fake_master.hpp"
#include "tests/support/classic_info_body.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <mutex>
#include <thread>

#include <fmt/format.h>

namespace swarmsd::testing {
namespace net = boost::asio;
namespace http = boost::beast::http;
using net::ip::tcp;

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

std::string http_head(unsigned status, std::string_view content_type, std::size_t length) {
    auto reason = http::obsolete_reason(static_cast<http::status>(status));
    return fmt::format("HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                       status, std::string_view(reason.data(), reason.size()), content_type, length);
}

}  // namespace

struct fake_master::impl {
    net::io_context io;
    tcp::acceptor acceptor{io};
    std::thread thread;
    mutable std::mutex mutex;
    behaviour current;
    std::atomic<std::size_t> request_count{0};

    behaviour snapshot() const {
        std::lock_guard lock(mutex);
        return current;
    }

    net::awaitable<void> sleep(std::chrono::milliseconds d) {
        net::steady_timer timer(io, d);
        co_await timer.async_wait(use_tuple);
    }

    net::awaitable<void> send(tcp::socket& socket, const std::string& bytes) {
        co_await net::async_write(socket, net::buffer(bytes), use_tuple);
    }

    net::awaitable<void> act(tcp::socket& socket, const behaviour& b) {
        if (const auto* r = std::get_if<reply>(&b)) {
            co_await send(socket, http_head(r->status, r->content_type, r->body.size()) + r->body);
        } else if (std::holds_alternative<hang>(b)) {
            co_await sleep(std::chrono::hours(1));
        } else if (const auto* d = std::get_if<drip>(&b)) {
            auto bytes = http_head(200, "application/json", d->body.size()) + d->body;
            for (char c : bytes) {
                auto [ec, n] = co_await net::async_write(socket, net::buffer(&c, 1), use_tuple);
                if (ec) co_return;
                co_await sleep(d->interval);
            }
        } else if (const auto* g = std::get_if<garbage>(&b)) {
            co_await send(socket, g->bytes);
        } else if (const auto* h = std::get_if<huge>(&b)) {
            co_await serve_huge(socket, h->bytes);
        }
    }

    net::awaitable<void> serve_huge(tcp::socket& socket, std::size_t bytes) {
        co_await send(socket, http_head(200, "application/json", bytes));
        std::string chunk(64 * 1024, ' ');
        for (std::size_t sent = 0; sent < bytes; sent += chunk.size()) {
            auto [ec, n] = co_await net::async_write(socket, net::buffer(chunk), use_tuple);
            if (ec) co_return;  // the client gave up, as it should
        }
    }

    net::awaitable<void> serve(tcp::socket socket) {
        auto b = snapshot();
        if (std::holds_alternative<close_at_once>(b)) co_return;
        boost::beast::flat_buffer buffer;
        http::request<http::empty_body> request;
        auto [ec, n] = co_await http::async_read(socket, buffer, request, use_tuple);
        if (ec) co_return;
        ++request_count;
        std::string_view target(request.target().data(), request.target().size());
        if (!target.ends_with("/info")) b = reply{404, R"({"message":"page not found"})"};
        co_await act(socket, b);
        boost::system::error_code ignored;
        socket.shutdown(tcp::socket::shutdown_send, ignored);
    }

    net::awaitable<void> accept_loop() {
        for (;;) {
            auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
            if (ec) co_return;
            net::co_spawn(io, serve(std::move(socket)), net::detached);
        }
    }
};

fake_master::fake_master(behaviour initial, std::uint16_t port, std::string address)
    : impl_(std::make_unique<impl>()) {
    impl_->current = std::move(initial);
    tcp::endpoint endpoint(net::ip::make_address(address), port);
    impl_->acceptor.open(endpoint.protocol());
    impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
    impl_->acceptor.bind(endpoint);
    impl_->acceptor.listen();
    net::co_spawn(impl_->io, impl_->accept_loop(), net::detached);
    impl_->thread = std::thread([this] { impl_->io.run(); });
}

fake_master::~fake_master() {
    impl_->io.stop();
    impl_->thread.join();
}

std::uint16_t fake_master::port() const { return impl_->acceptor.local_endpoint().port(); }

std::string fake_master::url() const { return fmt::format("http://127.0.0.1:{}", port()); }

void fake_master::set(behaviour next) {
    std::lock_guard lock(impl_->mutex);
    impl_->current = std::move(next);
}

std::size_t fake_master::requests() const { return impl_->request_count; }

reply classic_info(const std::vector<std::pair<std::string, std::string>>& nodes) {
    return reply{200, classic_info_body(nodes)};
}

}  // namespace swarmsd::testing
