#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "demo/engine_bodies.hpp"
#include "swarm/config/master_url.hpp"

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
/// Send a 200 answer of `bytes` of filler, until the client hangs up. Announced with a
/// Content-Length, or, when `announced` is false, ended only by closing the connection.
struct huge {
    std::size_t bytes = 0;
    bool announced = true;
};

/// Answer with what `make` returns for the request's target (`/v1.24/nodes/abc`), made when the
/// request comes: for a cluster that changes while swarm-sd follows it.
struct answer_with {
    std::function<reply(std::string_view target)> make;
};

/// Answer 200 with a chunked body that never ends by itself (an `/events` stream): each
/// `send_event` is written to it as it comes, until `end_event_streams`.
struct event_stream {};

/// What the fake master does with one request.
using single_behaviour =
    std::variant<reply, hang, close_at_once, drip, garbage, huge, event_stream, answer_with>;

/// Each request gets the next of these behaviours, round and round (a `close_at_once` among them
/// closes the next connection as soon as it is accepted).
struct in_turn {
    std::vector<single_behaviour> turns;
};

/// What the fake master does with each request to `/info`, `/nodes`, `/nodes/<id>`, `/events`,
/// `/services/<name>` or `/tasks` (any prefix); other paths get 404.
using behaviour = std::variant<reply, hang, close_at_once, drip, garbage, huge, event_stream,
                               answer_with, in_turn>;

/// Listen on a unix socket at `path` instead of TCP.
struct unix_listener {
    std::string path;
};

/// Speak TLS on 127.0.0.1 with this certificate and key (PEM files); when `client_ca_file` is set,
/// demand a client certificate signed by it.
struct tls_listener {
    std::string cert_file;
    std::string key_file;
    std::string client_ca_file{};
};

/// A Swarm master on 127.0.0.1 (port chosen by the kernel unless given), or on a unix socket,
/// served from its own thread and io_context. It answers `/info` with one behaviour and `/nodes`
/// with another (404 by default, as a classic Swarm does), and can refuse versioned paths
/// (`/v1.24/info`) with HTTP 400 as Engine 29 does. All of it can be changed at any time from the
/// test's thread.
class fake_master {
  public:
    explicit fake_master(behaviour initial, std::uint16_t port = 0,
                         std::string address = "127.0.0.1");
    fake_master(behaviour initial, unix_listener where);
    fake_master(behaviour initial, tls_listener tls);
    ~fake_master();
    fake_master(const fake_master&) = delete;
    fake_master& operator=(const fake_master&) = delete;

    /// The port it listens on.
    std::uint16_t port() const;
    /// `http://127.0.0.1:<port>`, `https://127.0.0.1:<port>` or `unix://<path>`.
    std::string url() const;
    /// Replaces the behaviour for the next requests to `/info`.
    void set(behaviour next);
    /// Replaces the behaviour for the next requests to `/nodes`.
    void set_nodes(behaviour next);
    /// Replaces the behaviour for the next requests to `/nodes/<id>` (404 by default, as a classic
    /// Swarm, which has no such path).
    void set_node_answers(behaviour next);
    /// Replaces the behaviour for the next requests to `/services/<name>` (404 by default).
    void set_services(behaviour next);
    /// Replaces the behaviour for the next requests to `/tasks` (404 by default).
    void set_tasks(behaviour next);
    /// Replaces the behaviour for the next requests to `/events` (404 by default, as a proxy that
    /// lets only /info and /nodes through answers).
    void set_events(behaviour next);
    /// Writes `bytes` to every open `event_stream`, as they are: whole events, pieces, garbage.
    void send_event(const std::string& bytes);
    /// Ends every open `event_stream` (the last chunk, then the connection is closed).
    void end_event_streams();
    /// How many `event_stream`s are open now.
    std::size_t open_event_streams() const;
    /// When true, any `/vX.Y/...` path gets 400 "client version X.Y is too old".
    void refuse_versioned_paths(bool refuse);
    /// How many requests it has read so far.
    std::size_t requests() const;
    /// The request targets read so far, in order (`/v1.24/info`, ...).
    std::vector<std::string> targets() const;
    /// How many of those targets contain `part` (`"/nodes/"`, `"/events"`).
    std::size_t count_targets(std::string_view part) const;
    /// Bytes written to clients so far, headers included.
    std::size_t bytes_sent() const;

  private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// `http://127.0.0.1:<port>` as swarm-sd's client takes it (a port nothing listens on, too).
config::master_url loopback_master(std::uint16_t port);

/// A 200 `reply` carrying `classic_info_body(nodes)`.
reply classic_info(const std::vector<std::pair<std::string, std::string>>& nodes);

/// A fake Docker Engine in swarm mode: `/info` from `engine_info_body(role)`, and `/nodes` listing
/// `nodes` when a manager, or 503 "This node is not a swarm manager" otherwise.
void make_engine(fake_master& master, engine_role role, const std::vector<swarm_node>& nodes);

}  // namespace swarmsd::testing
