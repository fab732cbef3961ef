#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "output/target_group.hpp"

namespace swarmsd::output {

/// The file_sd JSON text of `groups`: two-space indent, trailing newline, `[]` when empty. The
/// file, `--print` and `/targets` all carry exactly this text.
[[nodiscard]] std::string render_file_sd(const target_groups& groups);

/// The same text written into `out`, which is cleared first: a buffer reused poll after poll
/// keeps its capacity, so a steady cluster renders without allocating.
void render_file_sd(const target_groups& groups, std::string& out);

/// The size of that text when no label needs escaping (an escape only adds to it): what
/// `render_file_sd` reserves, so the text is written once and never moved to a bigger buffer.
[[nodiscard]] std::size_t plain_text_size(const target_groups& groups);

/// The same text handed to `write` in pieces of about 64 KiB, in order (`--print`: the whole text
/// is never held).
void render_file_sd(const target_groups& groups,
                    const std::function<void(std::string_view)>& write);

/// True when `groups` render as exactly `text`: compared piece by piece, so an unchanged answer
/// is recognised without holding a second copy of the text.
[[nodiscard]] bool renders_as(const target_groups& groups, std::string_view text);

}  // namespace swarmsd::output
