#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/system/error_code.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>

#include "swarm/log.hpp"
#include "swarm/web_routes.hpp"

namespace swarmsd::swarm {

/// How the web server treats its clients.
struct web_limits {
    /// Deadline for reading one request (an idle keep-alive connection included) and for writing
    /// its answer: a slow client is cut off, never waited on.
    std::chrono::milliseconds read_timeout{10'000};
    /// Connections served at once; newer ones are closed at once until one ends.
    std::size_t max_connections = 64;
};

/// Produces the answer to `method target`.
using web_handler = std::function<web_answer(std::string_view method, std::string_view target)>;

/// A small HTTP/1.1 server on the caller's event loop (keep-alive, GET and HEAD, no request
/// bodies). It never blocks the loop: every read and write has a deadline.
class web_server {
  public:
    web_server(boost::asio::any_io_executor executor, web_limits limits, web_handler handler,
               logger& log);
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

}  // namespace swarmsd::swarm
