#include "output/render_file_sd.hpp"

namespace swarmsd::output {
namespace {

// JSON string escaping (RFC 8259): quote, backslash and control characters. Input comes from a
// strictly UTF-8-validated master answer or from our own flags, so bytes >= 0x80 pass as they are.
void append_quoted(std::string& out, std::string_view s) {
    constexpr char hex[] = "0123456789abcdef";
    out += '"';
    std::size_t clean = 0;  // start of the run not yet copied
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(s.data() + clean, i - clean);
        clean = i + 1;
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 0xf];
        }
    }
    out.append(s.data() + clean, s.size() - clean);
    out += '"';
}

void append_group(std::string& out, const target_group& group) {
    out += "  {\n    \"targets\": [\n      ";
    append_quoted(out, group.target);
    out += "\n    ],\n    \"labels\": {";
    bool first = true;
    for (const auto& l : group.labels) {
        out += first ? "\n      " : ",\n      ";
        first = false;
        append_quoted(out, l.name);
        out += ": ";
        append_quoted(out, l.value);
    }
    out += group.labels.empty() ? "}\n  }" : "\n    }\n  }";
}

}  // namespace

void render_file_sd(const target_groups& groups, std::string& out) {
    out.clear();
    if (groups.empty()) {
        out += "[]\n";
        return;
    }
    out += "[\n";
    bool first = true;
    for (auto group : groups) {
        if (!first) out += ",\n";
        first = false;
        append_group(out, group);
    }
    out += "\n]\n";
}

std::string render_file_sd(const target_groups& groups) {
    std::string out;
    render_file_sd(groups, out);
    return out;
}

}  // namespace swarmsd::output
