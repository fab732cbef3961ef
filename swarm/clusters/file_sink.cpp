#include "swarm/clusters/file_sink.hpp"

namespace swarmsd::swarm {

file_sink::file_sink(std::string path, const telemetry::logger& log, write_counter count)
    : file_(std::move(path)), log_(log), count_(std::move(count)) {
    file_.prepare();
}

bool file_sink::write(const output::published_text& text) {
    auto report = file_.write(text);
    using result = output::targets_file::report::result;
    if (report.what == result::unchanged) return true;
    if (count_) count_(report.what == result::written);
    if (report.what == result::failed) {
        if (report.first_failure) {
            log_.error("cannot write the targets file; will retry every poll",
                       {{"file", path()}, {"err", report.error.message()}});
        }
        return false;
    }
    if (report.recovered) log_.info("targets file writable again", {{"file", path()}});
    if (report.first_in_place) {
        log_.warn(
            "cannot rename over the targets file (a single-file bind mount?); rewriting it in "
            "place, so readers may briefly see a partial file: mount its directory instead",
            {{"file", path()}});
    }
    return true;
}

}  // namespace swarmsd::swarm
