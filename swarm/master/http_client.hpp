#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "swarm/config/master_url.hpp"
#include "swarm/config/settings.hpp"
#include "swarm/master/tls_client.hpp"

namespace swarmsd::master {

using config::master_url;

/// The most bytes of header a master's answer may have: far above any real Docker answer.
inline constexpr std::size_t header_limit = 64 * 1024;

/// How to ask masters: the request limits, and TLS for masters with `tls` set.
struct fetch_options {
    config::request_settings limits{};
    std::optional<tls_client> tls{};
};

/// The TLS client (when a master speaks TLS) and limits of `settings`: the start-up step that
/// loads certificates and keys. Throws std::invalid_argument naming the flag or variable whose
/// files cannot be used.
[[nodiscard]] fetch_options make_fetch_options(const config::settings& settings);

/// Where a 2xx answer's body goes when it is not wanted as one string: piece by piece, as it
/// arrives, so that the whole body is never held.
class body_sink {
  public:
    virtual ~body_sink() = default;
    /// The body's size, when the answer says it (`Content-Length`), before the first piece.
    virtual void expect(std::size_t /*size*/) {}
    /// The next piece, in order; false when the body is of no use (reading stops there).
    virtual bool write(std::string_view piece) = 0;
};

/// An HTTP answer, whatever its status.
struct http_answer {
    unsigned status = 0;
    std::string body;          ///< empty when a sink took it
    std::size_t streamed = 0;  ///< bytes of the body a sink took
};

/// `GET target` over HTTP/1.1, in TLS when `master.tls`, within `--timeout`: the transport under
/// `engine_client`, which is what the rest of swarm-sd asks. Errors: Asio's (refused, host not
/// found), OpenSSL's (handshake), `certificate_error` (the certificate failed verification),
/// `errc::timeout`, `errc::body_too_large`, `errc::closed_early`. With `sink`, a 2xx answer's body
/// goes to it instead of into `http_answer::body` (other answers still come whole: they are short,
/// and say what went wrong).
[[nodiscard]] boost::asio::awaitable<boost::system::result<http_answer>> http_get(
    const config::master_url& master, std::string target, fetch_options options,
    body_sink* sink = nullptr);

}  // namespace swarmsd::master
