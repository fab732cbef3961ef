#include "demo/fake_cluster.hpp"

#include <fmt/format.h>

#include "demo/classic_info_body.hpp"

namespace swarmsd::testing {

fake_cluster::fake_cluster(std::vector<swarm_node> nodes)
    : swarm_(std::move(nodes)), master_(std::make_unique<fake_master>(reply{})) {
    for (const auto& n : swarm_) ids_.push_back(swarm_node_id(n.hostname));
    master_->set(reply{200, engine_info_body(engine_role::manager)});
    master_->set_nodes(answer_with{[this](std::string_view) {
        std::lock_guard lock(mutex_);
        return reply{200, swarm_nodes_body(swarm_)};
    }});
    master_->set_node_answers(
        answer_with{[this](std::string_view target) { return node_answer(target); }});
    master_->set_events(event_stream{});
}

fake_cluster::fake_cluster(std::vector<std::pair<std::string, std::string>> nodes)
    : classic_(std::move(nodes)), master_(std::make_unique<fake_master>(reply{})) {
    master_->set(answer_with{[this](std::string_view) {
        std::lock_guard lock(mutex_);
        return reply{200, classic_info_body(classic_)};
    }});
    master_->set_events(event_stream{});
}

reply fake_cluster::node_answer(std::string_view target) const {
    auto id = target.substr(target.rfind('/') + 1);
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < ids_.size(); ++i) {
        if (ids_[i] == id) return reply{200, swarm_node_body(swarm_[i])};
    }
    return reply{404, fmt::format(R"({{"message":"node {} not found"}})", id)};
}

std::string fake_cluster::node_event(std::string_view action, const std::string& hostname) {
    return fmt::format(
        R"({{"Type":"node","Action":"{}","Actor":{{"ID":"{}","Attributes":{{"name":"{}"}}}},)"
        R"("scope":"swarm","time":1796139138,"timeNano":1796139138333563531}})"
        "\n",
        action, swarm_node_id(hostname), hostname);
}

void fake_cluster::update(std::size_t i, const std::function<void(swarm_node&)>& change) {
    std::string hostname;
    {
        std::lock_guard lock(mutex_);
        change(swarm_.at(i));
        hostname = swarm_[i].hostname;
    }
    master_->send_event(node_event("update", hostname));
}

void fake_cluster::add(swarm_node node) {
    auto hostname = node.hostname;
    {
        std::lock_guard lock(mutex_);
        ids_.push_back(swarm_node_id(hostname));
        swarm_.push_back(std::move(node));
    }
    master_->send_event(node_event("create", hostname));
}

void fake_cluster::remove(std::size_t i, bool announce) {
    std::string hostname;
    {
        std::lock_guard lock(mutex_);
        hostname = swarm_.at(i).hostname;
        swarm_.erase(swarm_.begin() + static_cast<std::ptrdiff_t>(i));
        ids_.erase(ids_.begin() + static_cast<std::ptrdiff_t>(i));
    }
    if (announce) master_->send_event(node_event("remove", hostname));
}

void fake_cluster::move_engine(std::size_t i, std::string address) {
    std::string name;
    {
        std::lock_guard lock(mutex_);
        classic_.at(i).second = address;
        name = classic_[i].first;
    }
    // Back to back, without a newline, as classic Swarm writes its events.
    master_->send_event(fmt::format(
        R"({{"status":"engine_reconnect","id":"","from":"swarm","Type":"swarm",)"
        R"("Action":"engine_reconnect","Actor":{{"ID":"","Attributes":{{"node.name":"{}",)"
        R"("node.addr":"{}"}}}},"time":1475500000}})",
        name, address));
}

std::vector<swarm_node> fake_cluster::swarm_nodes() const {
    std::lock_guard lock(mutex_);
    return swarm_;
}

std::vector<std::pair<std::string, std::string>> fake_cluster::classic_nodes() const {
    std::lock_guard lock(mutex_);
    return classic_;
}

}  // namespace swarmsd::testing
