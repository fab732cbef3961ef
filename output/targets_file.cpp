#include "output/targets_file.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <utility>

namespace swarmsd::output {
namespace {

// True when the file at `path` holds exactly `text`: compared a block at a time, so that the file
// is never held beside the text.
bool file_holds(const std::string& path, std::string_view text) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in || in.tellg() != static_cast<std::streamoff>(text.size())) return false;
    in.seekg(0);
    char block[64 * 1024];
    while (!text.empty()) {
        auto n = std::min(text.size(), sizeof block);
        if (!in.read(block, static_cast<std::streamsize>(n))) return false;
        if (text.substr(0, n) != std::string_view(block, n)) return false;
        text.remove_prefix(n);
    }
    return true;
}

}  // namespace

std::optional<std::string> targets_file::unusable(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (path.empty() || path.back() == '/') return "names a directory, not a file";
    if (fs::is_directory(path, ec)) return "is a directory";
    auto dir = fs::path(path).parent_path();
    if (dir.empty()) return std::nullopt;
    if (!fs::exists(dir, ec)) return "directory " + dir.string() + " does not exist";
    if (!fs::is_directory(dir, ec)) return dir.string() + " is not a directory";
    return std::nullopt;
}

targets_file::targets_file(std::string path, const file_calls& calls)
    : path_(std::move(path)), calls_(calls) {}

void targets_file::prepare() {
    ::unlink(temp_path_for(path_).c_str());
    check_disk_ = true;
}

targets_file::report targets_file::write(const published_text& text) {
    report r;
    // The publisher hands over a new text only when the targets changed: the same pointer is the
    // same text. At start, the file may already hold the first text (a restart): left alone.
    if (on_disk_ == text || (std::exchange(check_disk_, false) && file_holds(path_, *text))) {
        on_disk_ = text;
        return r;
    }
    auto written = write_atomically(path_, *text, calls_);
    if (!written) {
        r.what = report::result::failed;
        r.error = written.error();
        r.first_failure = error_ != written.error();
        error_ = written.error();
        return r;
    }
    r.what = report::result::written;
    r.recovered = error_.has_value();
    error_.reset();
    if (*written == write_method::in_place && !warned_in_place_) {
        r.first_in_place = true;
        warned_in_place_ = true;
    }
    on_disk_ = text;
    return r;
}

}  // namespace swarmsd::output
