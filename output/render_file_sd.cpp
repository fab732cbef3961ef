#include "output/render_file_sd.hpp"

#include <boost/json/serialize.hpp>

namespace swarmsd::output {
namespace {

void append_quoted(std::string& out, std::string_view s) {
    out += boost::json::serialize(boost::json::string_view(s.data(), s.size()));
}

void append_group(std::string& out, const target_group& group) {
    out += "  {\n    \"targets\": [";
    for (std::size_t i = 0; i < group.targets.size(); ++i) {
        out += i == 0 ? "\n      " : ",\n      ";
        append_quoted(out, group.targets[i]);
    }
    out += group.targets.empty() ? "],\n" : "\n    ],\n";
    out += "    \"labels\": {";
    bool first = true;
    for (const auto& [name, value] : group.labels) {
        out += first ? "\n      " : ",\n      ";
        first = false;
        append_quoted(out, name);
        out += ": ";
        append_quoted(out, value);
    }
    out += group.labels.empty() ? "}\n  }" : "\n    }\n  }";
}

}  // namespace

std::string render_file_sd(const std::vector<target_group>& groups) {
    if (groups.empty()) return "[]\n";
    std::string out = "[\n";
    out.reserve(groups.size() * 512);
    for (std::size_t i = 0; i < groups.size(); ++i) {
        if (i > 0) out += ",\n";
        append_group(out, groups[i]);
    }
    out += "\n]\n";
    return out;
}

}  // namespace swarmsd::output
