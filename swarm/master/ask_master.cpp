#include "swarm/master/ask_master.hpp"

#include <stdexcept>
#include <string>

#include "parser/engine_info.hpp"
#include "parser/parse_classic_info.hpp"
#include "parser/parse_nodes.hpp"
#include "swarm/master/errc.hpp"

namespace swarmsd::master {
namespace net = boost::asio;
using boost::system::error_code;
using boost::system::result;

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
result<discovery> within_limit(discovery found, std::size_t max_nodes) {
    if (found.nodes.size() > max_nodes) return errc::too_many_nodes;
    return found;
}

net::awaitable<result<discovery>> ask_manager(engine_client& master, std::size_t max_nodes,
                                              request_notes* notes) {
    node_list_sink nodes(max_nodes);
    auto body = co_await master.get("/nodes", request_kind::listing, &nodes, notes);
    if (!body) co_return manager_error(body.error());
    if (nodes.too_many) co_return errc::too_many_nodes;
    auto list = nodes.reader.finish();
    if (!list) co_return list.error();
    co_return within_limit(
        {parser::cluster_mode::swarm_mode, std::move(list->nodes), list->skipped}, max_nodes);
}

net::awaitable<result<discovery>> ask_nodes(engine_client& master, discovery_mode mode,
                                            request_notes* notes, bool tasks) {
    auto max_nodes = master.limits().max_nodes;
    auto body = co_await master.get("/info", request_kind::listing, nullptr, notes);
    if (!body) co_return body.error();
    if (mode != discovery_mode::swarm_mode) {
        auto classic = parser::parse_classic_info(*body, max_nodes);
        if (classic && tasks) co_return parser::errc::tasks_need_swarm_mode;
        if (classic)
            co_return within_limit(
                {parser::cluster_mode::classic, std::move(classic->nodes), classic->skipped_nodes},
                max_nodes);
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
    co_return co_await ask_manager(master, max_nodes, notes);
}

}  // namespace

net::awaitable<result<discovery>> ask_master(engine_client& master, discovery_mode mode,
                                             request_notes* notes,
                                             std::vector<config::task_service> services) {
    auto found = co_await ask_nodes(master, mode, notes, !services.empty());
    if (!found || services.empty()) co_return found;
    auto tasks = co_await list_tasks(master, services, notes);
    if (!tasks) co_return tasks.error();
    found->services = std::move(*tasks);
    co_return found;
}

}  // namespace swarmsd::master
