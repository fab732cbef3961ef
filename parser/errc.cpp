#include "parser/errc.hpp"

#include <string>

namespace swarmsd::parser {
namespace {

class category final : public boost::system::error_category {
  public:
    const char* name() const noexcept override { return "swarmsd.parser"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
            case errc::not_json:
                return "answer is not JSON";
            case errc::not_an_object:
                return "answer is not a JSON object";
            case errc::no_node_table:
                return "answer has no node table";
            case errc::incomplete_node_table:
                return "node table claims nodes but lists none";
            case errc::not_in_swarm:
                return "not a swarm manager: the engine is not part of an active swarm";
            case errc::swarm_locked:
                return "not a swarm manager: the swarm is locked (docker swarm unlock)";
            case errc::not_a_manager:
                return "not a swarm manager: the engine is a worker";
            case errc::not_a_node_list:
                return "node list is not a JSON array";
            case errc::event_too_large:
                return "event too large";
            case errc::too_many_rows:
                return "the node table has more rows than --max-nodes allows (32 per node)";
            case errc::not_a_node:
                return "node answer is not a usable node object";
            case errc::not_a_task_list:
                return "task list is not a JSON array";
            case errc::not_a_service:
                return "service answer is not a usable service object";
            case errc::tasks_need_swarm_mode:
                return "a classic Swarm has no service tasks: --tasks.service needs a swarm-mode "
                       "manager";
        }
        return "unknown parser error";
    }
};

}  // namespace

const boost::system::error_category& parser_category() noexcept {
    static const category instance;
    return instance;
}

}  // namespace swarmsd::parser
