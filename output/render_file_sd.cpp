#include "output/render_file_sd.hpp"

#include <cstdint>
#include <cstring>

namespace swarmsd::output {
namespace {

// The text around the groups: `[` and `]` on lines of their own, a comma after every group but
// the last; no groups at all is `[]`.
constexpr std::string_view frame_open = "[\n", frame_between = ",\n", frame_close = "\n]\n",
                           frame_empty = "[]\n";

// JSON string escaping (RFC 8259): quote, backslash and control characters. Input comes from a
// strictly UTF-8-validated master answer or from our own flags, so bytes >= 0x80 pass as they are.
// True when no byte of `s` needs escaping (a control character, `"`, `\\`), checked eight bytes
// at a time: label text almost never needs it.
bool is_plain(std::string_view s) {
    constexpr std::uint64_t ones = 0x0101010101010101, highs = 0x8080808080808080;
    auto has_zero = [](std::uint64_t w) { return (w - ones) & ~w & highs; };
    auto has_control = [](std::uint64_t w) { return (w - 0x20 * ones) & ~w & highs; };
    const char* p = s.data();
    std::size_t n = s.size();
    for (; n >= 8; p += 8, n -= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        if (has_control(w) | has_zero(w ^ ('"' * ones)) | has_zero(w ^ ('\\' * ones))) return false;
    }
    for (; n > 0; ++p, --n) {
        auto c = static_cast<unsigned char>(*p);
        if (c < 0x20 || c == '"' || c == '\\') return false;
    }
    return true;
}

void append_quoted(std::string& out, std::string_view s) {
    constexpr char hex[] = "0123456789abcdef";
    if (is_plain(s)) {
        out += '"';
        out += s;
        out += '"';
        return;
    }
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

std::size_t plain_text_size(const target_groups& groups) {
    if (groups.empty()) return frame_empty.size();
    std::size_t size =
        frame_open.size() + frame_close.size() + frame_between.size() * (groups.size() - 1);
    for (auto group : groups) {
        // `  {\n    "targets": [\n      ` 27, the quoted target, `\n    ],\n    "labels": {` 23,
        // then `}\n  }` 5 without labels, `\n    }\n  }` 10 with them.
        size += 27 + 2 + group.target.size() + 23 + (group.labels.empty() ? 5 : 10);
        // `\n      ` 7 before the first label, `,\n      ` 8 before the others, quotes 4, `: ` 2.
        if (!group.labels.empty()) size += 13 + 14 * (group.labels.size() - 1);
        for (const auto& l : group.labels) size += l.name.size() + l.value.size();
    }
    return size;
}

namespace {

constexpr std::size_t piece_size = 64 * 1024;

}  // namespace

file_sd_writer::file_sd_writer(std::string& out, piece_sink piece)
    : out_(out), piece_(std::move(piece)) {
    out_.clear();
    if (piece_) out_.reserve(2 * piece_size);
}

void file_sd_writer::add(const target_group& group) {
    if (stopped_) return;
    out_ += first_ ? frame_open : frame_between;
    first_ = false;
    auto start = out_.size();
    append_group(out_, group);
    if (spans_) spans_->push_back({handed_ + start, out_.size() - start});
    if (piece_ && out_.size() >= piece_size) hand_over();
}

bool file_sd_writer::finish() {
    if (stopped_) return false;
    out_ += first_ ? frame_empty : frame_close;
    if (piece_) hand_over();
    return !stopped_;
}

void file_sd_writer::hand_over() {
    stopped_ = !piece_(out_);
    handed_ += out_.size();
    out_.clear();
}

void render_file_sd(const target_groups& groups, std::string& out, std::vector<group_span>* spans) {
    out.clear();
    out.reserve(plain_text_size(groups));
    file_sd_writer writer(out);
    if (spans) writer.record_spans(*spans);
    for (auto group : groups) writer.add(group);
    writer.finish();
}

std::string file_sd_subset(std::string_view whole, std::span<const group_span> spans) {
    if (spans.empty()) return std::string(frame_empty);
    auto begin = spans.front().offset;
    auto end = spans.back().offset + spans.back().size;
    std::string out;
    out.reserve(frame_open.size() + (end - begin) + frame_close.size());
    out.append(frame_open).append(whole.substr(begin, end - begin)).append(frame_close);
    return out;
}

std::string join_file_sd(std::span<const std::string_view> texts) {
    std::string out;
    for (auto text : texts) {
        if (text.size() <= frame_empty.size()) continue;  // `[]`
        auto groups =
            text.substr(frame_open.size(), text.size() - frame_open.size() - frame_close.size());
        out.append(out.empty() ? frame_open : frame_between).append(groups);
    }
    out.append(out.empty() ? frame_empty : frame_close);
    return out;
}

std::string render_file_sd(const target_groups& groups) {
    std::string out;
    render_file_sd(groups, out);
    return out;
}

void render_file_sd(const target_groups& groups,
                    const std::function<void(std::string_view)>& write) {
    std::string out;
    file_sd_writer writer(out, [&](std::string_view piece) {
        write(piece);
        return true;
    });
    for (auto group : groups) writer.add(group);
    writer.finish();
}

file_sd_match::file_sd_match(std::string_view text)
    : rest_(text), writer_(rendered_, [this](std::string_view piece) {
          if (!rest_.starts_with(piece)) return false;
          rest_.remove_prefix(piece.size());
          return true;
      }) {}

bool renders_as(const target_groups& groups, std::string_view text) {
    file_sd_match match(text);
    for (auto group : groups) match.add(group);
    return match.finish();
}

}  // namespace swarmsd::output
