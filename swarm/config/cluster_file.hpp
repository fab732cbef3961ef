#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "swarm/config/settings.hpp"

namespace swarmsd::config {

/// One cluster of `--config.file`: its name and its discovery settings (masters, mode, TLS,
/// labels...), the process settings (web, log, output) as the command line gave them.
struct named_cluster {
    std::string name;
    settings discovery;
    bool operator==(const named_cluster&) const = default;
};

/// A mistake in the file: `what()` is one line, `PATH:LINE: what is wrong`.
struct cluster_file_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// The clusters of a `--config.file` whose text is `yaml`, read from `path` (named in errors;
/// relative file names in it are taken from its folder). Each cluster starts from `base` (the
/// flags' defaults and the process flags) and overrides what its keys give. Pure: opens no file.
/// Throws `cluster_file_error` for an unknown key, a bad value, a missing or repeated name, or a
/// cluster without masters.
[[nodiscard]] std::vector<named_cluster> parse_cluster_file(std::string_view yaml,
                                                            const std::string& path,
                                                            const settings& base);

/// True when `name` can name a cluster: `[a-z0-9_-]+`.
[[nodiscard]] bool is_cluster_name(std::string_view name);

}  // namespace swarmsd::config
