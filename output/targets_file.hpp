#pragma once

#include <boost/system/error_code.hpp>
#include <optional>
#include <string>

#include "output/publisher.hpp"
#include "output/write_atomically.hpp"

namespace swarmsd::output {

/// The file_sd file the daemon keeps: what it holds, and what happened on each write, so that
/// the caller logs a fault once when it starts and once when it clears.
class targets_file {
  public:
    /// What one `write` did.
    struct report {
        enum class result { unchanged, written, failed } what = result::unchanged;
        boost::system::error_code error{};  ///< for `failed`
        bool first_failure = false;         ///< `failed` with another error than the write before
        bool recovered = false;             ///< `written` after a failure
        bool first_in_place = false;        ///< the first write that could not rename (bind mount)
    };

    /// Why a daemon cannot keep a file at `path` ("is a directory", "directory /x does not
    /// exist"), a configuration mistake to refuse at start; nothing when it can try. Faults that
    /// come and go (a full disk, a read-only remount) are the writer's to retry, not this.
    [[nodiscard]] static std::optional<std::string> unusable(const std::string& path);

    /// The file at `path`, not touched yet: call `prepare` before the first write.
    explicit targets_file(std::string path, const file_calls& calls = {});

    /// Removes a temp file a crash left behind (ours, so ours to remove); the first write then
    /// compares the file with its text first, so that a file that holds it already is not
    /// rewritten. The file itself is left alone.
    void prepare();

    /// Writes `text` unless the file holds it already: the very text it was last given (the
    /// publisher hands over a new text only for a change), or, at the first write after
    /// `prepare`, the same bytes. Keeps `text` (shared, not copied) as what the file holds.
    report write(const published_text& text);

    [[nodiscard]] const std::string& path() const noexcept { return path_; }

  private:
    std::string path_;
    file_calls calls_;
    published_text on_disk_;   ///< what the file holds, as far as we know
    bool check_disk_ = false;  ///< what the file holds is unknown: compare before writing
    std::optional<boost::system::error_code> error_;
    bool warned_in_place_ = false;
};

}  // namespace swarmsd::output
