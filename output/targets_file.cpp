#include "output/targets_file.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace swarmsd::output {
namespace {

published_text read_existing(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return nullptr;
    std::ostringstream text;
    text << in.rdbuf();
    return std::make_shared<const std::string>(std::move(text).str());
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
    on_disk_ = read_existing(path_);
}

targets_file::report targets_file::write(const published_text& text) {
    report r;
    if (on_disk_ && (on_disk_ == text || *on_disk_ == *text)) return r;
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
