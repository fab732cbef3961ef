#include "swarm/master/list_tasks.hpp"

#include <fmt/format.h>

#include <cctype>
#include <string>

#include "parser/errc.hpp"
#include "swarm/master/errc.hpp"

namespace swarmsd::master {
namespace net = boost::asio;
using boost::system::error_code;
using boost::system::result;

namespace {

// `/tasks` with a `filters` query of one service ID and desired state `running`, URL-encoded.
// IDs are letters and digits (the master's own), so only the JSON punctuation is encoded.
std::string tasks_path(std::string_view service_id) {
    return fmt::format(
        "/tasks?filters=%7B%22service%22%3A%5B%22{}%22%5D%2C%22desired-state%22%3A%5B%22running"
        "%22%5D%7D",
        service_id);
}

bool is_id(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id) {
        if (!std::isalnum(static_cast<unsigned char>(c))) return false;
    }
    return true;
}

net::awaitable<result<service_tasks>> list_service(engine_client& master,
                                                   const config::task_service& asked,
                                                   request_notes* notes) {
    service_tasks found{asked, std::nullopt, {}};
    auto body = co_await master.get("/services/" + asked.name, request_kind::tasks, nullptr, notes);
    if (!body && is_status(body.error(), 404)) co_return found;
    if (!body) co_return manager_error(body.error());
    auto service = parser::parse_service(*body);
    if (!service) co_return service.error();
    if (!is_id(service->id)) co_return parser::errc::not_a_service;
    auto tasks_body =
        co_await master.get(tasks_path(service->id), request_kind::tasks, nullptr, notes);
    if (!tasks_body) co_return manager_error(tasks_body.error());
    auto tasks = parser::parse_tasks(*tasks_body);
    if (!tasks) co_return tasks.error();
    // The filter is the master's to apply; what it answers is checked, not trusted.
    for (auto& t : *tasks) {
        if (t.service_id == service->id && t.desired_state == "running")
            found.tasks.push_back(std::move(t));
    }
    found.service = std::move(*service);
    co_return found;
}

}  // namespace

net::awaitable<result<std::vector<service_tasks>>> list_tasks(
    engine_client& master, const std::vector<config::task_service>& services,
    request_notes* notes) {
    std::vector<service_tasks> all;
    all.reserve(services.size());
    for (const auto& asked : services) {
        auto one = co_await list_service(master, asked, notes);
        if (!one) co_return one.error();
        all.push_back(std::move(*one));
    }
    co_return all;
}

}  // namespace swarmsd::master
