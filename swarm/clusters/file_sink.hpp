#pragma once

#include <functional>
#include <string>

#include "output/publisher.hpp"
#include "output/targets_file.hpp"
#include "swarm/telemetry/log.hpp"

namespace swarmsd::swarm {

/// A publisher's sink that keeps a targets file: each write, its failures and its recovery are
/// logged once each and counted.
class file_sink {
  public:
    /// Told of each write that changed the file (true) or failed (false).
    using write_counter = std::function<void(bool ok)>;

    /// Prepares `path` (see `output::targets_file::prepare`).
    file_sink(std::string path, const telemetry::logger& log, write_counter count);

    /// The publisher's sink: true when the file holds `text`.
    bool write(const output::published_text& text);

    [[nodiscard]] const std::string& path() const noexcept { return file_.path(); }

  private:
    output::targets_file file_;
    const telemetry::logger& log_;
    write_counter count_;
};

}  // namespace swarmsd::swarm
