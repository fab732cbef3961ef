#include "tests/fuzz/output_check.hpp"

#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>

#include "output/make_target_groups.hpp"
#include "output/render_file_sd.hpp"
#include "tests/fuzz/reference_groups.hpp"
#include "text/label_name.hpp"

namespace swarmsd::fuzz {
namespace json = boost::json;

namespace {

[[noreturn]] void fail(const char* what, const std::string& text) {
    std::fprintf(stderr, "output check failed: %s\n%.2000s\n", what, text.c_str());
    std::abort();
}

}  // namespace

void check_output(const std::vector<parser::node>& nodes, parser::cluster_mode mode) {
    output::group_options options;
    options.masters = {{"http://10.0.0.1:4000", "10.0.0.1"}, {"unix:///var/run/docker.sock", ""}};
    options.cadvisor_port = 8070;
    options.extra_labels = {{"cluster", "fuzz"}};
    std::string written;
    output::file_sd_writer writer(written);
    auto groups = output::make_target_groups(nodes, mode, options,
                                             [&](const output::target_group& g) { writer.add(g); });
    writer.finish();
    auto text = output::render_file_sd(groups);
    if (written != text) fail("the text written as groups were built differs", written);
    // Byte for byte what the map-based builder and renderer wrote.
    auto reference = reference::render_file_sd(reference::make_target_groups(nodes, mode, options));
    if (text != reference)
        fail("the text differs from the reference builder's", text + "\n" + reference);

    boost::system::error_code ec;
    auto document = json::parse(text, ec);  // strict: invalid UTF-8 is an error
    if (ec) fail("the file_sd text is not valid JSON", text);
    if (!document.is_array()) fail("the file_sd text is not an array", text);
    for (const auto& group : document.as_array()) {
        const auto* labels = group.as_object().if_contains("labels");
        if (!labels) continue;
        for (const auto& [name, value] : labels->as_object()) {
            if (!text::is_valid_label_name(name)) fail("invalid label name", text);
            if (!value.is_string()) fail("a label value that is not a string", text);
        }
        for (const auto& target : group.as_object().at("targets").as_array()) {
            if (!target.is_string() || target.as_string().empty()) fail("an empty target", text);
        }
    }
}

}  // namespace swarmsd::fuzz
