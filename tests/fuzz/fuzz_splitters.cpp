// libFuzzer target: the label splitter (`k=v, k2=v2`), the address splitter (`host:port`) and the
// label-name sanitizer, on any text a master may put in a node row.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "parser/labels.hpp"
#include "text/address.hpp"
#include "text/label_name.hpp"

namespace {

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "splitter check failed: %s\n", what);
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    for (const auto& [key, value] : swarmsd::parser::split_labels(text)) {
        if (key.empty()) fail("an empty label key");
        if (key.size() + value.size() > text.size()) fail("a label longer than its text");
        if (!swarmsd::text::is_valid_label_name("__meta_swarm_node_label_" +
                                                swarmsd::text::sanitize_label_name(key))) {
            fail("a sanitized label name that is not valid");
        }
    }
    auto address = swarmsd::text::split_address(text);
    if (address.host.size() > text.size()) fail("a host longer than its text");
    if (address.port && *address.port == 0) fail("port 0");
    return 0;
}
