// libFuzzer target: a swarm-mode manager's `GET /nodes` body. The streaming reader must agree
// with the DOM reading (reference_nodes) on every input: the same error, or the same nodes in
// the same order with the same count of skipped entries.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "parser/parse_nodes.hpp"
#include "tests/fuzz/output_check.hpp"
#include "tests/fuzz/reference_nodes.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view body(reinterpret_cast<const char*>(data), size);
    auto list = swarmsd::parser::parse_nodes(body);
    auto reference = swarmsd::fuzz::reference_parse_nodes(body);
    if (list.has_value() != reference.has_value()) std::abort();
    if (!list) {
        if (list.error() != reference.error()) std::abort();
        return 0;
    }
    if (*list != *reference) std::abort();
    swarmsd::fuzz::check_output(list->nodes, swarmsd::parser::cluster_mode::swarm);
    return 0;
}
