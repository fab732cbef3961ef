// libFuzzer target: a manager's `GET /tasks` and `GET /services/<name>` bodies, as the daemon
// reads them, then made into task groups and rendered: the text must always be valid JSON with
// valid label names, each group's labels sorted and each name once, and no empty target.
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "output/make_task_groups.hpp"
#include "output/render_file_sd.hpp"
#include "parser/tasks.hpp"
#include "text/address.hpp"
#include "text/label_name.hpp"

namespace {

using namespace swarmsd;

[[noreturn]] void fail(const char* what, const std::string& text) {
    std::fprintf(stderr, "task output check failed: %s\n%.2000s\n", what, text.c_str());
    std::abort();
}

// Nodes a fuzzed task may name (a task's NodeID is anything).
const std::vector<parser::node>& nodes() {
    static const auto made = [] {
        std::vector<parser::node> out;
        for (const char* id : {"n1", "lo5jwptrpz0ughiin6got3yvb", ""}) {
            parser::node n;
            n.id = id;
            n.name = std::string("node-") + id;
            n.address = "10.0.0.1";
            n.endpoint = text::split_address(n.address);
            n.labels = {{"a.b", "1"}, {"a-b", "2"}};
            n.swarm_mode.emplace().role = "worker";
            out.push_back(std::move(n));
        }
        return out;
    }();
    return made;
}

void check(const output::target_groups& groups) {
    auto text = output::render_file_sd(groups);
    boost::system::error_code ec;
    auto document = boost::json::parse(text, ec);
    if (ec || !document.is_array()) fail("not a JSON array", text);
    for (const auto& group : document.as_array()) {
        std::string previous;
        for (const auto& [name, value] : group.at("labels").as_object()) {
            if (!text::is_valid_label_name(name)) fail("invalid label name", text);
            if (std::string(name) <= previous) fail("labels not sorted, or a name twice", text);
            previous = name;
        }
        for (const auto& target : group.at("targets").as_array()) {
            if (!target.is_string() || target.as_string().empty() ||
                target.as_string().starts_with(":"))
                fail("a target without a host", text);
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view body(reinterpret_cast<const char*>(data), size);
    output::group_options options;
    options.cadvisor_port = 8070;
    options.extra_labels = {{"cluster", "fuzz"}};
    if (auto tasks = parser::parse_tasks(body)) {
        // The service each task names, so that every task is considered.
        parser::service service{
            "svc", "mon_cadvisor", "global", {{"x.y", "1"}}, {{"tcp", "host", 8080, 30080}}};
        for (const auto& t : *tasks) {
            service.id = t.service_id;
            for (std::string_view network : {"", "monitoring"}) {
                check(output::make_task_groups(nodes(), {{"mon_cadvisor", 8080, &service, &*tasks}},
                                               options, network)
                          .groups);
            }
            break;
        }
    }
    if (auto service = parser::parse_service(body)) {
        std::vector<parser::task> none;
        check(output::make_task_groups(nodes(), {{"s", 1, &*service, &none}}, options, {}).groups);
    }
    return 0;
}
