#pragma once

#include <string>
#include <vector>

#include "output/target_group.hpp"

namespace swarmsd::output {

/// The file_sd JSON text of `groups`: two-space indent, trailing newline, `[]` when empty. The
/// file, `--print` and `/targets` all carry exactly this text.
[[nodiscard]] std::string render_file_sd(const std::vector<target_group>& groups);

}  // namespace swarmsd::output
