#pragma once

#include <array>
#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "swarm/config/master_url.hpp"
#include "swarm/master/http_client.hpp"

namespace swarmsd::master {

/// The Engine API version asked for first: swarm mode's `/nodes` exists from 1.24 (Engine 1.12).
inline constexpr std::string_view engine_api_version = "v1.24";

/// What a request is for; the bytes a master sends are counted by kind.
enum class request_kind : std::uint8_t {
    listing,  ///< `/info`, `/nodes`: a full listing
    node,     ///< `/nodes/<id>`: one node, after its event
    events,   ///< `/events`: the event stream
    tasks,    ///< `/services/<name>`, `/tasks`: the tasks of `--tasks.service`
};

/// Every kind, in order, and its label value in metrics (listing, node, events, tasks).
inline constexpr std::array<request_kind, 4> request_kinds{
    request_kind::listing, request_kind::node, request_kind::events, request_kind::tasks};
[[nodiscard]] std::string_view request_kind_name(request_kind kind);

/// What a caller may want to know of its requests beyond the answer: for the debug log and for
/// an error line that says what the engine said, or what to do.
struct request_notes {
    std::size_t bytes = 0;  ///< of the good answers' bodies
    std::string detail;     ///< what a failed answer said (`engine_message`), or what to do
};

class engine_stream;

/// True when `error` is HTTP status `status`: what `engine_client::get` fails with when the
/// answer was not 2xx.
[[nodiscard]] bool is_status(const boost::system::error_code& error, int status);

/// `error` of a request only a swarm-mode manager answers, as swarm-sd reports it: a 503 (a
/// worker says "This node is not a swarm manager"; a manager without quorum says so too) is
/// `parser::errc::not_a_manager`, which moves the listing to the next master.
[[nodiscard]] boost::system::error_code manager_error(const boost::system::error_code& error);

/// The one client of one master (a Docker Engine, a classic Swarm manager; and swarm-sd's own
/// web server for `--healthcheck`). It owns, once for every request: the connection (TCP, TLS or
/// unix socket), the `--timeout` deadline, the headers, the API-version prefix and its fallback,
/// the body limit, the mapping of errors, and the count of bytes received.
class engine_client {
  public:
    /// With an empty `api_version`, paths are asked as given.
    engine_client(config::master_url master, fetch_options options,
                  std::string_view api_version = engine_api_version);

    /// The master, as configured.
    [[nodiscard]] const config::master_url& master() const noexcept { return master_; }
    /// The limits of every request: deadline, body size, node count.
    [[nodiscard]] const config::request_settings& limits() const noexcept {
        return options_.limits;
    }

    /// `GET /v1.24<path>`: the body of a 2xx answer (empty when `sink` took it, piece by piece
    /// as it arrived), else an `http_status_category()` code (a redirect too: none is followed).
    /// An engine that refuses the version with HTTP 400 (Engine 29 and later refuse anything
    /// below 1.44) is asked once more unversioned, and unversioned from then on. `notes`, when
    /// given, learns the body's size, or what the engine said; for a unix socket that is missing
    /// or may not be opened, what to do.
    [[nodiscard]] boost::asio::awaitable<boost::system::result<std::string>> get(
        std::string_view path, request_kind kind, body_sink* sink = nullptr,
        request_notes* notes = nullptr);

    /// `GET <path>` (never versioned), whatever its status: the status and the whole body.
    [[nodiscard]] boost::asio::awaitable<boost::system::result<http_answer>> get_answer(
        std::string_view path);

    /// Opens `/v1.24<path>` (with the same fallback as `get`) as an event stream, within
    /// `--timeout`; once open it has no deadline (a healthy stream is silent while nothing
    /// happens). A status other than 2xx is an `http_status_category()` code.
    [[nodiscard]] boost::asio::awaitable<boost::system::result<std::shared_ptr<engine_stream>>>
    open_stream(std::string_view path);

    /// Body bytes received from this master so far, of requests of `kind`.
    [[nodiscard]] std::uint64_t bytes_received(request_kind kind) const noexcept;

  private:
    using counters = std::array<std::uint64_t, request_kinds.size()>;

    std::string target(std::string_view path, bool versioned) const;
    void count(request_kind kind, std::size_t bytes) noexcept;

    config::master_url master_;
    fetch_options options_;
    std::string api_version_;
    bool versioned_ = true;  ///< false once the master refused the versioned path
    std::shared_ptr<counters> received_ = std::make_shared<counters>();

    friend class engine_stream;
};

/// An open event stream: its body, read piece by piece, for as long as the master sends it.
class engine_stream {
  public:
    struct state;
    engine_stream(std::shared_ptr<state> s);
    ~engine_stream();
    engine_stream(const engine_stream&) = delete;
    engine_stream& operator=(const engine_stream&) = delete;

    /// The next piece of the body (never empty); an error when the stream ends:
    /// `http::error::end_of_stream` when the master ended it, else why it broke.
    [[nodiscard]] boost::asio::awaitable<boost::system::result<std::string_view>> read_some();

    /// Ends the stream at once: a pending `read_some` fails.
    void close();

  private:
    std::shared_ptr<state> state_;
};

}  // namespace swarmsd::master
