// libFuzzer target: a swarm-mode manager's `GET /nodes` body.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parser/parse_nodes.hpp"
#include "tests/fuzz/output_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view body(reinterpret_cast<const char*>(data), size);
    if (auto list = swarmsd::parser::parse_nodes(body)) {
        swarmsd::fuzz::check_output(list->nodes, swarmsd::parser::cluster_mode::swarm);
    }
    return 0;
}
