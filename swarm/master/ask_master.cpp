#include "swarm/master/ask_master.hpp"

#include <stdexcept>
#include <string>

#include "parser/engine_info.hpp"
#include "parser/parse_info.hpp"
#include "parser/parse_nodes.hpp"
#include "swarm/master/errc.hpp"

namespace swarmsd::master {
namespace net = boost::asio;
using boost::system::error_code;
using boost::system::result;

net::awaitable<result<std::string>> engine_get(const master_url& master, std::string_view path,
                                               fetch_options options, exchange_notes* notes,
                                               body_sink* sink) {
    auto versioned = std::string("/").append(engine_api_version).append(path);
    auto body = co_await fetch(master, versioned, options, notes, sink);
    if (body || body.error() != error_code(400, http_status_category())) co_return body;
    co_return co_await fetch(master, path, options, notes, sink);
}

namespace {

// The nodes of a `/nodes` body read as it arrives: the body itself is never held, and reading
// stops at the first node over --max-nodes (a body of tiny entries must not become millions of
// nodes before it is refused).
class node_list_sink final : public body_sink {
  public:
    explicit node_list_sink(std::size_t max_nodes) : max_nodes_(max_nodes) {}
    void expect(std::size_t size) override { reader.expect(size); }
    bool write(std::string_view piece) override {
        if (!reader.write(piece)) return false;
        too_many = reader.nodes_read() > max_nodes_;
        return !too_many;
    }
    parser::node_list_reader reader;
    bool too_many = false;

  private:
    std::size_t max_nodes_;
};

// A master listing more nodes than any real cluster has is broken or hostile: its answer would
// make a file too big for Prometheus to reload, so it is refused like any other bad answer.
result<discovery> within_limit(discovery found, const fetch_options& options) {
    if (found.nodes.size() > options.limits.max_nodes) return errc::too_many_nodes;
    return found;
}

net::awaitable<result<discovery>> ask_manager(const master_url& master, fetch_options options,
                                              exchange_notes* notes) {
    node_list_sink nodes(options.limits.max_nodes);
    auto body = co_await engine_get(master, "/nodes", options, notes, &nodes);
    // A worker answers /nodes with 503 "This node is not a swarm manager".
    if (!body && body.error() == error_code(503, http_status_category()))
        co_return parser::errc::not_a_manager;
    if (!body) co_return body.error();
    if (nodes.too_many) co_return errc::too_many_nodes;
    auto list = nodes.reader.finish();
    if (!list) co_return list.error();
    co_return within_limit({parser::cluster_mode::swarm, std::move(list->nodes), list->skipped},
                           options);
}

}  // namespace

net::awaitable<result<discovery>> ask_master(const master_url& master, discovery_mode mode,
                                             fetch_options options, exchange_notes* notes) {
    auto body = co_await engine_get(master, "/info", options, notes);
    if (!body) co_return body.error();
    if (mode != discovery_mode::swarm) {
        auto classic = parser::parse_info(*body, options.limits.max_nodes);
        if (classic)
            co_return within_limit(
                {parser::cluster_mode::classic, std::move(classic->nodes), classic->skipped_nodes},
                options);
        if (mode == discovery_mode::classic || classic.error() != parser::errc::no_node_table) {
            co_return classic.error();
        }
    }
    auto engine = parser::parse_engine_info(*body);
    if (!engine) co_return engine.error();
    // Neither a node table nor a Swarm object: not a Docker engine of any swarm era.
    if (mode == discovery_mode::auto_detect && !engine->swarm)
        co_return parser::errc::no_node_table;
    if (auto problem = parser::manager_problem(*engine)) co_return problem;
    co_return co_await ask_manager(master, options, notes);
}

}  // namespace swarmsd::master
