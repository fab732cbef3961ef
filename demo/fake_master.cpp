#include "demo/fake_master.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http.hpp>
#include <deque>
#include <mutex>
#include <thread>

#include "demo/classic_info_body.hpp"

namespace swarmsd::testing {
namespace net = boost::asio;
namespace http = boost::beast::http;
using net::ip::tcp;
using unix_socket = net::local::stream_protocol;

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

std::string http_head(unsigned status, std::string_view content_type, std::size_t length) {
    auto reason = http::obsolete_reason(static_cast<http::status>(status));
    return fmt::format(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        status, std::string_view(reason.data(), reason.size()), content_type, length);
}

reply not_found_reply() { return reply{404, R"({"message":"page not found"})"}; }

// `/v1.24/info` → "1.24"; empty for an unversioned path.
std::string_view api_version_of(std::string_view target) {
    if (!target.starts_with("/v")) return {};
    auto slash = target.find('/', 2);
    auto version =
        target.substr(2, slash == std::string_view::npos ? std::string_view::npos : slash - 2);
    if (version.empty() || version.find_first_not_of("0123456789.") != std::string_view::npos)
        return {};
    return version;
}

}  // namespace

struct fake_master::impl {
    net::io_context io;
    tcp::acceptor acceptor{io};
    unix_socket::acceptor local_acceptor{io};
    std::string socket_path;
    std::optional<net::ssl::context> tls;
    std::thread thread;
    mutable std::mutex mutex;
    behaviour info;
    behaviour nodes = not_found_reply();
    behaviour node_answers = not_found_reply();
    behaviour events = not_found_reply();
    behaviour services = not_found_reply();
    behaviour tasks = not_found_reply();
    // The open event streams: what each is to write next, and how to wake it.
    struct stream_slot {
        explicit stream_slot(net::io_context& io) : wake(io) {}
        std::deque<std::string> queue;
        net::steady_timer wake;
        bool end = false;
    };
    std::vector<std::shared_ptr<stream_slot>> streams;  // touched on the io thread only
    std::atomic<std::size_t> open_streams{0};
    const behaviour not_found = not_found_reply();
    bool refuse_versioned = false;
    std::vector<std::string> seen_targets;
    std::atomic<std::size_t> request_count{0};
    std::atomic<std::size_t> bytes_written{0};
    std::size_t turn = 0;  // which of an `in_turn` behaviour's turns comes next

    // What to do with a request for `target`, read under the lock.
    single_behaviour behaviour_for(std::string_view target) {
        std::lock_guard lock(mutex);
        seen_targets.emplace_back(target);
        auto version = api_version_of(target);
        if (refuse_versioned && !version.empty()) {
            return reply{
                400,
                fmt::format(R"({{"message":"client version {} is too old. Minimum supported API )"
                            R"(version is 1.44, please upgrade your client to a newer version"}})",
                            version)};
        }
        auto path = target.substr(0, target.find('?'));
        const auto& chosen = path.ends_with("/info")               ? info
                             : path.ends_with("/nodes")            ? nodes
                             : path.find("/nodes/") != path.npos   ? node_answers
                             : path.ends_with("/events")           ? events
                             : path.find("/services") != path.npos ? services
                             : path.ends_with("/tasks")            ? tasks
                                                                   : not_found;
        auto picked = std::visit(
            [&](const auto& b) -> single_behaviour {
                if constexpr (std::is_same_v<std::decay_t<decltype(b)>, in_turn>) {
                    if (b.turns.empty()) return not_found_reply();
                    return b.turns[turn++ % b.turns.size()];
                } else {
                    return b;
                }
            },
            chosen);
        if (const auto* made = std::get_if<answer_with>(&picked)) return made->make(target);
        return picked;
    }

    // Whether a connection just accepted is to be closed before reading anything: decided by the
    // /info behaviour (or its next turn, which this then uses up).
    bool closes_at_once() {
        std::lock_guard lock(mutex);
        if (std::holds_alternative<close_at_once>(info)) return true;
        const auto* t = std::get_if<in_turn>(&info);
        if (!t || t->turns.empty()) return false;
        if (!std::holds_alternative<close_at_once>(t->turns[turn % t->turns.size()])) return false;
        ++turn;
        return true;
    }

    net::awaitable<void> sleep(std::chrono::milliseconds d) {
        net::steady_timer timer(io, d);
        co_await timer.async_wait(use_tuple);
    }

    template <typename Socket>
    net::awaitable<void> send(Socket& socket, const std::string& bytes) {
        auto [ec, n] = co_await net::async_write(socket, net::buffer(bytes), use_tuple);
        bytes_written += n;
    }

    template <typename Socket>
    net::awaitable<void> act(Socket& socket, const single_behaviour& b) {
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
            co_await serve_huge(socket, *h);
        } else if (std::holds_alternative<event_stream>(b)) {
            co_await serve_events(socket);
        }
    }

    template <typename Socket>
    net::awaitable<void> serve_events(Socket& socket) {
        auto slot = std::make_shared<stream_slot>(io);
        streams.push_back(slot);
        ++open_streams;
        co_await send(socket,
                      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                      "Transfer-Encoding: chunked\r\n\r\n");
        for (;;) {
            while (!slot->queue.empty()) {
                auto bytes = std::move(slot->queue.front());
                slot->queue.pop_front();
                auto chunk = fmt::format("{:x}\r\n{}\r\n", bytes.size(), bytes);
                auto [ec, n] = co_await net::async_write(socket, net::buffer(chunk), use_tuple);
                bytes_written += n;
                if (ec) slot->end = true;
            }
            if (slot->end) break;
            slot->wake.expires_at(net::steady_timer::time_point::max());
            co_await slot->wake.async_wait(use_tuple);
        }
        co_await send(socket, "0\r\n\r\n");
        std::erase(streams, slot);
        --open_streams;
    }

    template <typename Socket>
    net::awaitable<void> serve_huge(Socket& socket, huge h) {
        auto head = http_head(200, "application/json", h.bytes);
        if (!h.announced) {
            head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n";
        }
        co_await send(socket, head);
        auto bytes = h.bytes;
        std::string chunk(64 * 1024, ' ');
        for (std::size_t sent = 0; sent < bytes; sent += chunk.size()) {
            auto [ec, n] = co_await net::async_write(socket, net::buffer(chunk), use_tuple);
            if (ec) co_return;  // the client gave up, as it should
        }
    }

    template <typename Socket>
    net::awaitable<void> serve(Socket socket) {
        co_await answer(socket);
    }

    // One request on `socket` (TCP, TLS or unix), answered as the behaviours say.
    template <typename Socket>
    net::awaitable<void> answer(Socket& socket) {
        // Closing at once must not wait for a request, so it is decided by the /info behaviour.
        if (closes_at_once()) co_return;
        boost::beast::flat_buffer buffer;
        http::request<http::empty_body> request;
        auto [ec, n] = co_await http::async_read(socket, buffer, request, use_tuple);
        if (ec) co_return;
        ++request_count;
        auto b = behaviour_for(std::string_view(request.target().data(), request.target().size()));
        if (std::holds_alternative<close_at_once>(b)) co_return;
        co_await act(socket, b);
        boost::system::error_code ignored;
        auto& lowest = boost::beast::get_lowest_layer(socket);
        lowest.shutdown(std::remove_reference_t<decltype(lowest)>::shutdown_send, ignored);
    }

    net::awaitable<void> serve_tls(tcp::socket socket) {
        net::ssl::stream<tcp::socket> stream(std::move(socket), *tls);
        auto [ec] = co_await stream.async_handshake(net::ssl::stream_base::server, use_tuple);
        if (ec) co_return;  // e.g. the client does not trust us, or brought no certificate
        co_await answer(stream);
    }

    template <typename Acceptor>
    net::awaitable<void> accept_loop(Acceptor& from) {
        for (;;) {
            auto [ec, socket] = co_await from.async_accept(use_tuple);
            if (ec) co_return;
            if constexpr (std::is_same_v<Acceptor, tcp::acceptor>) {
                if (tls) {
                    net::co_spawn(io, serve_tls(std::move(socket)), net::detached);
                    continue;
                }
            }
            net::co_spawn(io, serve(std::move(socket)), net::detached);
        }
    }

    void start_tcp(const tcp::endpoint& endpoint) {
        acceptor.open(endpoint.protocol());
        acceptor.set_option(tcp::acceptor::reuse_address(true));
        acceptor.bind(endpoint);
        acceptor.listen();
        net::co_spawn(io, accept_loop(acceptor), net::detached);
        thread = std::thread([this] { io.run(); });
    }
};

fake_master::fake_master(behaviour initial, std::uint16_t port, std::string address)
    : impl_(std::make_unique<impl>()) {
    impl_->info = std::move(initial);
    impl_->start_tcp(tcp::endpoint(net::ip::make_address(address), port));
}

fake_master::fake_master(behaviour initial, tls_listener where) : impl_(std::make_unique<impl>()) {
    impl_->info = std::move(initial);
    auto& context = impl_->tls.emplace(net::ssl::context::tls_server);
    context.use_certificate_chain_file(where.cert_file);
    context.use_private_key_file(where.key_file, net::ssl::context::pem);
    if (!where.client_ca_file.empty()) {
        context.load_verify_file(where.client_ca_file);
        context.set_verify_mode(net::ssl::verify_peer | net::ssl::verify_fail_if_no_peer_cert);
    }
    impl_->start_tcp(tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
}

fake_master::fake_master(behaviour initial, unix_listener where) : impl_(std::make_unique<impl>()) {
    impl_->info = std::move(initial);
    impl_->socket_path = where.path;
    ::unlink(where.path.c_str());
    impl_->local_acceptor = unix_socket::acceptor(impl_->io, unix_socket::endpoint(where.path));
    net::co_spawn(impl_->io, impl_->accept_loop(impl_->local_acceptor), net::detached);
    impl_->thread = std::thread([this] { impl_->io.run(); });
}

fake_master::~fake_master() {
    impl_->io.stop();
    impl_->thread.join();
    if (!impl_->socket_path.empty()) ::unlink(impl_->socket_path.c_str());
}

std::uint16_t fake_master::port() const {
    return impl_->socket_path.empty() ? impl_->acceptor.local_endpoint().port() : 0;
}

std::string fake_master::url() const {
    if (!impl_->socket_path.empty()) return "unix://" + impl_->socket_path;
    return fmt::format("{}://127.0.0.1:{}", impl_->tls ? "https" : "http", port());
}

void fake_master::set(behaviour next) {
    std::lock_guard lock(impl_->mutex);
    impl_->info = std::move(next);
}

void fake_master::set_nodes(behaviour next) {
    std::lock_guard lock(impl_->mutex);
    impl_->nodes = std::move(next);
}

void fake_master::set_node_answers(behaviour next) {
    std::lock_guard lock(impl_->mutex);
    impl_->node_answers = std::move(next);
}

void fake_master::set_services(behaviour next) {
    std::lock_guard lock(impl_->mutex);
    impl_->services = std::move(next);
}

void fake_master::set_tasks(behaviour next) {
    std::lock_guard lock(impl_->mutex);
    impl_->tasks = std::move(next);
}

void fake_master::set_events(behaviour next) {
    std::lock_guard lock(impl_->mutex);
    impl_->events = std::move(next);
}

void fake_master::send_event(const std::string& bytes) {
    net::post(impl_->io, [this, bytes] {
        for (auto& slot : impl_->streams) {
            slot->queue.push_back(bytes);
            slot->wake.cancel();
        }
    });
}

void fake_master::end_event_streams() {
    net::post(impl_->io, [this] {
        for (auto& slot : impl_->streams) {
            slot->end = true;
            slot->wake.cancel();
        }
    });
}

std::size_t fake_master::open_event_streams() const { return impl_->open_streams; }

void fake_master::refuse_versioned_paths(bool refuse) {
    std::lock_guard lock(impl_->mutex);
    impl_->refuse_versioned = refuse;
}

std::size_t fake_master::requests() const { return impl_->request_count; }

std::vector<std::string> fake_master::targets() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->seen_targets;
}

std::size_t fake_master::count_targets(std::string_view part) const {
    std::lock_guard lock(impl_->mutex);
    return static_cast<std::size_t>(
        std::count_if(impl_->seen_targets.begin(), impl_->seen_targets.end(),
                      [&](const std::string& t) { return t.find(part) != std::string::npos; }));
}

std::size_t fake_master::bytes_sent() const { return impl_->bytes_written; }

config::master_url loopback_master(std::uint16_t port) {
    return {"http://127.0.0.1:" + std::to_string(port), "127.0.0.1", port, "", ""};
}

reply classic_info(const std::vector<std::pair<std::string, std::string>>& nodes) {
    return reply{200, classic_info_body(nodes)};
}

void make_engine(fake_master& master, engine_role role, const std::vector<swarm_node>& nodes) {
    master.set(reply{200, engine_info_body(role)});
    if (role == engine_role::manager) {
        master.set_nodes(reply{200, swarm_nodes_body(nodes)});
    } else {
        master.set_nodes(reply{
            503, R"({"message":"This node is not a swarm manager. Worker nodes can't be used to )"
                 R"(view or modify cluster state. Please run this command on a manager node or )"
                 R"(promote the current node to a manager."})"});
    }
}

}  // namespace swarmsd::testing
