#pragma once

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <optional>

namespace swarmsd::testing {

/// Runs `make()`'s awaitable to completion on a fresh io_context and returns its value.
template <typename MakeAwaitable>
auto run_awaitable(MakeAwaitable make) {
    boost::asio::io_context io;
    using value_type = typename decltype(make())::value_type;
    std::optional<value_type> out;
    boost::asio::co_spawn(io, make(), [&](std::exception_ptr e, value_type v) {
        if (e) std::rethrow_exception(e);
        out = std::move(v);
    });
    io.run();
    return std::move(*out);
}

/// Runs `io` a handler at a time until `done()` or `limit`; false on the limit.
inline bool run_io_until(boost::asio::io_context& io, const std::function<bool()>& done,
                         std::chrono::milliseconds limit) {
    auto end = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > end) return false;
        io.run_one_for(std::chrono::milliseconds(10));
    }
    return true;
}

}  // namespace swarmsd::testing
