// libFuzzer target: a classic master's or an Engine's `GET /info` body, as the daemon reads it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parser/engine_info.hpp"
#include "parser/parse_classic_info.hpp"
#include "tests/fuzz/output_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view body(reinterpret_cast<const char*>(data), size);
    if (auto info = swarmsd::parser::parse_classic_info(body)) {
        swarmsd::fuzz::check_output(info->nodes, swarmsd::parser::cluster_mode::classic);
    }
    if (auto engine = swarmsd::parser::parse_engine_info(body)) {
        (void)swarmsd::parser::manager_problem(*engine);
    }
    return 0;
}
