#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/system/error_code.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>

#include "swarm/config/settings.hpp"
#include "swarm/telemetry/log.hpp"
#include "swarm/web/routes.hpp"
#include "swarm/web/web_config.hpp"

namespace swarmsd::web {

/// How the web server treats its clients: `read_timeout` and `max_connections`.
using web_limits = config::web_settings;

/// Produces the answer to `method target`.
using web_handler = std::function<web_answer(std::string_view method, std::string_view target)>;

/// A small HTTP/1.1 server on the caller's event loop (keep-alive, GET and HEAD, no request
/// bodies). It never blocks the loop: every read and write has a deadline.
class web_server {
  public:
    /// Serves plain HTTP, or TLS and basic authentication as `security` says.
    web_server(boost::asio::any_io_executor executor, web_limits limits, web_handler handler,
               telemetry::logger& log, web_security security = {});
    ~web_server();
    web_server(const web_server&) = delete;
    web_server& operator=(const web_server&) = delete;

    /// Binds and listens on `where`; the error says why not (address in use, no permission).
    [[nodiscard]] boost::system::error_code listen(const boost::asio::ip::tcp::endpoint& where);

    /// The address it listens on (the kernel's port when `listen` was given port 0).
    [[nodiscard]] boost::asio::ip::tcp::endpoint local_endpoint() const;

    /// Starts accepting clients on the event loop.
    void start();

  private:
    struct state;
    std::shared_ptr<state> state_;
};

}  // namespace swarmsd::web
