#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace swarmsd::testing {

/// Answer with this status and body.
struct reply {
    unsigned status = 200;
    std::string body;
    std::string content_type = "application/json";
};
/// Read the request, then never answer (the connection stays open).
struct hang {};
/// Close the connection right after accepting it, before reading anything.
struct close_at_once {};
/// Send a 200 answer with `body`, one byte every `interval`.
struct drip {
    std::string body;
    std::chrono::milliseconds interval{1000};
};
/// Send these raw bytes instead of HTTP, then close.
struct garbage {
    std::string bytes;
};
/// Send a 200 answer announcing `bytes` of body and stream filler until the client hangs up.
struct huge {
    std::size_t bytes = 0;
};

/// What the fake master does with each request to `/info` (any prefix); other paths get 404.
using behaviour = std::variant<reply, hang, close_at_once, drip, garbage, huge>;

/// A Swarm master on 127.0.0.1 (port chosen by the kernel unless given), served from its own
/// thread and io_context. Its behaviour can be changed at any time from the test's thread.
class fake_master {
public:
    explicit fake_master(behaviour initial, std::uint16_t port = 0, std::string address = "127.0.0.1");
    ~fake_master();
    fake_master(const fake_master&) = delete;
    fake_master& operator=(const fake_master&) = delete;

    /// The port it listens on.
    std::uint16_t port() const;
    /// `http://127.0.0.1:<port>`.
    std::string url() const;
    /// Replaces the behaviour for the next requests.
    void set(behaviour next);
    /// How many requests it has read so far.
    std::size_t requests() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// A 200 `reply` carrying `classic_info_body(nodes)`.
reply classic_info(const std::vector<std::pair<std::string, std::string>>& nodes);

}  // namespace swarmsd::testing
