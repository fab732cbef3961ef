// libFuzzer target: a swarm-mode manager's `GET /nodes` body. The streaming reader must agree
// with the DOM reading (reference_nodes) on every input, whole or in pieces: the same error, or
// the same nodes in the same order with the same count of skipped entries.
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
        swarmsd::parser::node_list_reader reader;
        reader.write(body.substr(0, size / 2));
        reader.write(body.substr(size / 2));
        auto pieces = reader.finish();
        if (pieces || pieces.error() != list.error()) std::abort();
        return 0;
    }
    if (*list != *reference) std::abort();
    // The same body arriving in pieces (as it comes off a socket) reads the same: split at
    // places the input itself picks, down to single bytes.
    swarmsd::parser::node_list_reader reader(size);
    std::size_t step = 1 + (size > 0 ? data[0] % 17 : 0);
    for (std::size_t at = 0; at < size; at += step) reader.write(body.substr(at, step));
    auto pieces = reader.finish();
    if (!pieces || *pieces != *list) std::abort();
    swarmsd::fuzz::check_output(list->nodes, swarmsd::parser::cluster_mode::swarm_mode);
    return 0;
}
