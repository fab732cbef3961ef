#include "tests/support/master_faults.hpp"

#include <fmt/format.h>

#include "demo/classic_info_body.hpp"
#include "tests/support/child_process.hpp"

namespace swarmsd::testing {

namespace {

// A node table of the smallest rows there are, up to just under `bytes`: a few bytes of JSON
// each, where a node costs hundreds in memory.
std::string tiny_node_rows(std::size_t bytes) {
    std::string body = R"({"SystemStatus":[["Nodes","1"])";
    for (std::size_t i = 0; body.size() + 40 < bytes; ++i)
        body +=
            fmt::format(R"(,[" n{}","10.{}.{}.{}:1"])", i, i >> 16 & 255, i >> 8 & 255, i & 255);
    return body + "]}";
}

}  // namespace

std::vector<master_fault> every_master_fault(const std::string& redirect_to) {
    using namespace std::chrono_literals;
    auto good = classic_info_body({{"lure", "10.9.9.9:2375"}});
    // Raw bytes a JSON text may not hold inside a string: a NUL and a byte that is not UTF-8.
    auto raw_bytes = classic_info_body(
        {{std::string("bad\0name", 8), "10.0.0.7:2375"}, {"caf\xe9\xff", "10.0.0.8:2375"}});
    return {
        // On an address no test listens on: a free port of 127.0.0.1 could be taken by a fake
        // master of a test running in parallel, which would then get this test's polls.
        {"refused", {}, fmt::format("http://127.0.0.9:{}", unused_port())},
        {"dns", {}, "http://swarm-master.invalid:2375"},
        {"hang", hang{}},
        {"drip", drip{good, 1000ms}},
        {"close_at_once", close_at_once{}},
        {"http_301",
         garbage{fmt::format("HTTP/1.1 301 Moved Permanently\r\nLocation: {}/redirected/info\r\n"
                             "Content-Length: 0\r\nConnection: close\r\n\r\n",
                             redirect_to)}},
        {"http_404", reply{404, R"({"message":"page not found"})"}},
        {"http_500", reply{500, R"({"message":"internal error"})"}},
        {"http_503", reply{503, R"({"message":"no elected primary cluster manager"})"}},
        {"html", reply{200, "<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html"}},
        {"truncated_json", reply{200, good.substr(0, good.size() / 2)}},
        {"no_node_table", reply{200, R"({"ID":"x","Containers":3,"Name":"engine"})"}},
        {"system_status_wrong_type",
         reply{200, R"({"SystemStatus":{"Nodes":"1"," lure":"10.9.9.9:2375"}})"}},
        {"body_200mib", huge{200u * 1024 * 1024}},
        {"body_200mib_unannounced", huge{200u * 1024 * 1024, false}},
        {"invalid_utf8_and_nul", reply{200, raw_bytes}},
        // 9 rows per node: 11,112 nodes, over --max-nodes' default of 10,000.
        {"rows_100000", reply{200, classic_info_body(numbered_nodes(11'112))}},
        {"nested_100000", reply{200, std::string(100'000, '[') + std::string(100'000, ']')}},
        // 16 MiB of rows a few bytes long: 600,000 nodes if nothing stopped at --max-nodes.
        {"tiny_node_rows_16mib", reply{200, tiny_node_rows(16u * 1024 * 1024 - 64)}},
    };
}

}  // namespace swarmsd::testing
