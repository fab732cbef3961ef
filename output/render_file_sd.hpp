#pragma once

#include <string>

#include "output/target_group.hpp"

namespace swarmsd::output {

/// The file_sd JSON text of `groups`: two-space indent, trailing newline, `[]` when empty. The
/// file, `--print` and `/targets` all carry exactly this text.
[[nodiscard]] std::string render_file_sd(const target_groups& groups);

/// The same text written into `out`, which is cleared first: a buffer reused poll after poll
/// keeps its capacity, so a steady cluster renders without allocating.
void render_file_sd(const target_groups& groups, std::string& out);

}  // namespace swarmsd::output
