#include "swarm/master/engine_client.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "parser/engine_info.hpp"
#include "parser/errc.hpp"
#include "swarm/master/connection.hpp"
#include "swarm/master/errc.hpp"

namespace swarmsd::master {
namespace net = boost::asio;
namespace http = boost::beast::http;
using boost::system::error_code;
using boost::system::result;

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

bool is_2xx(unsigned status) { return status >= 200 && status <= 299; }

// What to do about a Docker socket swarm-sd cannot open: say which, and how to mend it.
std::string socket_hint(const std::string& socket_path, const error_code& error) {
    if (error == boost::system::errc::no_such_file_or_directory) {
        return fmt::format(
            "no socket at {}: is the Docker Engine running here, and is the socket mounted into "
            "the container (-v /var/run/docker.sock:{}:ro)?",
            socket_path, socket_path);
    }
    struct stat info {};
    if (error != boost::system::errc::permission_denied ||
        ::stat(socket_path.c_str(), &info) != 0) {
        return {};
    }
    return fmt::format(
        "{} belongs to group {}: run swarm-sd in that group (docker run --group-add {}; compose "
        "and stack: DOCKER_GID={})",
        socket_path, info.st_gid, info.st_gid, info.st_gid);
}

}  // namespace

bool is_status(const error_code& error, int status) {
    return error == error_code(status, http_status_category());
}

error_code manager_error(const error_code& error) {
    if (is_status(error, 503)) return parser::errc::not_a_manager;
    return error;
}

std::string_view request_kind_name(request_kind kind) {
    switch (kind) {
        case request_kind::listing:
            return "listing";
        case request_kind::node:
            return "node";
        case request_kind::events:
            return "events";
        case request_kind::tasks:
            return "tasks";
    }
    return "listing";
}

engine_client::engine_client(config::master_url master, fetch_options options,
                             std::string_view api_version)
    : master_(std::move(master)), options_(std::move(options)), api_version_(api_version) {
    versioned_ = !api_version_.empty();
}

std::string engine_client::target(std::string_view path, bool versioned) const {
    auto t = master_.base_path;
    if (versioned) t.append("/").append(api_version_);
    return t.append(path);
}

void engine_client::count(request_kind kind, std::size_t bytes) noexcept {
    (*received_)[static_cast<std::size_t>(kind)] += bytes;
}

std::uint64_t engine_client::bytes_received(request_kind kind) const noexcept {
    return (*received_)[static_cast<std::size_t>(kind)];
}

net::awaitable<result<http_answer>> engine_client::get_answer(std::string_view path) {
    co_return co_await http_get(master_, target(path, false), options_);
}

net::awaitable<result<std::string>> engine_client::get(std::string_view path, request_kind kind,
                                                       body_sink* sink, request_notes* notes) {
    for (;;) {
        bool versioned = versioned_;
        auto answer = co_await http_get(master_, target(path, versioned), options_, sink);
        if (!answer) {
            if (notes && !master_.socket_path.empty())
                notes->detail = socket_hint(master_.socket_path, answer.error());
            co_return answer.error();
        }
        auto size = answer->body.size() + answer->streamed;
        count(kind, size);
        if (versioned && answer->status == 400) {
            versioned_ = false;
            continue;
        }
        if (!is_2xx(answer->status)) {
            if (notes) notes->detail = parser::engine_message(answer->body);
            co_return error_code(static_cast<int>(answer->status), http_status_category());
        }
        if (notes) notes->bytes += size;
        co_return std::move(answer->body);
    }
}

// One open stream: its connection and what its reader needs between reads.
struct engine_stream::state {
    explicit state(net::any_io_executor executor)
        : connection(std::make_shared<master_connection>(std::move(executor))) {}
    std::shared_ptr<master_connection> connection;
    boost::beast::flat_buffer buffer;
    http::response_parser<http::buffer_body> parser;
    std::array<char, 8192> chunk{};
    std::shared_ptr<engine_client::counters> received;
};

namespace {

template <typename Stream>
net::awaitable<result<http_answer>> request_stream(Stream& stream, const config::master_url& m,
                                                   const std::string& target,
                                                   engine_stream::state& s) {
    auto request = get_request(m, target, /*keep_alive=*/true);
    if (auto [ec, n] = co_await http::async_write(stream, request, use_tuple); ec) co_return ec;
    s.parser.header_limit(static_cast<std::uint32_t>(header_limit));
    s.parser.body_limit(boost::none);  // the stream never ends; nothing of it is kept
    if (auto [ec, n] = co_await http::async_read_header(stream, s.buffer, s.parser, use_tuple); ec)
        co_return ec;
    co_return http_answer{s.parser.get().result_int(), {}, 0};
}

net::awaitable<result<http_answer>> open_on(std::shared_ptr<engine_stream::state> s,
                                            config::master_url m, std::string target,
                                            fetch_options options) {
    if (auto ec = co_await s->connection->open(m, options)) co_return ec;
    co_return co_await s->connection->with_stream(
        [&](auto& stream) { return request_stream(stream, m, target, *s); });
}

template <typename Stream>
net::awaitable<result<std::size_t>> read_piece(Stream& stream, engine_stream::state& s) {
    while (!s.parser.is_done()) {
        s.parser.get().body().data = s.chunk.data();
        s.parser.get().body().size = s.chunk.size();
        auto [ec, n] = co_await http::async_read_some(stream, s.buffer, s.parser, use_tuple);
        if (ec && ec != http::error::need_buffer) co_return ec;
        auto got = s.chunk.size() - s.parser.get().body().size;
        if (got > 0) co_return got;
    }
    co_return error_code(http::error::end_of_stream);
}

}  // namespace

net::awaitable<result<std::shared_ptr<engine_stream>>> engine_client::open_stream(
    std::string_view path) {
    for (;;) {
        bool versioned = versioned_;
        auto s = std::make_shared<engine_stream::state>(co_await net::this_coro::executor);
        s->received = received_;
        auto opened = co_await with_deadline<http_answer>(
            s->connection, options_.limits.timeout,
            open_on(s, master_, target(path, versioned), options_));
        if (!opened) co_return opened.error();
        if (versioned && opened->status == 400) {
            versioned_ = false;
            continue;
        }
        if (!is_2xx(opened->status)) {
            s->connection->close();
            co_return error_code(static_cast<int>(opened->status), http_status_category());
        }
        co_return std::make_shared<engine_stream>(std::move(s));
    }
}

engine_stream::engine_stream(std::shared_ptr<state> s) : state_(std::move(s)) {}

engine_stream::~engine_stream() { close(); }

net::awaitable<result<std::string_view>> engine_stream::read_some() {
    auto s = state_;  // kept alive across the read, whatever happens to this handle
    auto got =
        co_await s->connection->with_stream([&](auto& stream) { return read_piece(stream, *s); });
    if (!got) co_return got.error();
    (*s->received)[static_cast<std::size_t>(request_kind::events)] += *got;
    co_return std::string_view(s->chunk.data(), *got);
}

void engine_stream::close() { state_->connection->close(); }

}  // namespace swarmsd::master
