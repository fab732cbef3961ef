#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "swarm/master_url.hpp"
#include "swarm/tls.hpp"

namespace swarmsd::swarm {

/// The most bytes of header a master's answer may have: far above any real Docker answer.
inline constexpr std::size_t header_limit = 64 * 1024;

/// Limits for one request to one master, and for what its answer may hold.
struct fetch_options {
    std::chrono::milliseconds timeout{5000};  ///< covers resolve, connect, write and read together
    std::size_t body_limit = 16 * 1024 * 1024;  ///< `--max-body-size`
    std::size_t max_nodes = 10'000;             ///< `--max-nodes`, checked by `ask_master`
    std::optional<tls_client> tls{};            ///< for masters with `tls` set
};

/// `GET master.base_path + path` over HTTP/1.1, in TLS when `master.tls`. Yields the body of a
/// 2xx answer; otherwise an error: Asio's (refused, host not found), OpenSSL's (handshake),
/// `certificate_error` (the master's certificate failed verification), `errc::timeout`,
/// `errc::body_too_large`, `errc::closed_early`, or an `http_status_category()` code for a non-2xx
/// status (a redirect too: none is followed).
[[nodiscard]] boost::asio::awaitable<boost::system::result<std::string>> fetch(
    const master_url& master, std::string_view path, fetch_options options);

}  // namespace swarmsd::swarm
