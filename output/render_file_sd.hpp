#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "output/target_group.hpp"

namespace swarmsd::output {

/// The file_sd JSON text of `groups`: two-space indent, trailing newline, `[]` when empty. The
/// file, `--print` and `/targets` all carry exactly this text.
[[nodiscard]] std::string render_file_sd(const target_groups& groups);

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

/// Where one group's text lies in a whole file_sd text: from its `  {` to its closing `}`.
struct group_span {
    std::size_t offset = 0;
    std::size_t size = 0;
};

/// The same text written into `out`, which is cleared first: a buffer reused poll after poll
/// keeps its capacity, so a steady cluster renders without allocating. With `spans`, each
/// group's place in the text is appended to it.
void render_file_sd(const target_groups& groups, std::string& out,
                    std::vector<group_span>* spans = nullptr);

/// The text `render_file_sd` gives a run of consecutive groups alone, cut from the `whole` text
/// they were rendered in: `spans` are the run's (none: `[]`).
[[nodiscard]] std::string file_sd_subset(std::string_view whole, std::span<const group_span> spans);

/// The text `render_file_sd` gives the groups of several such `texts`, one text after another
/// (every cluster's targets in one file).
[[nodiscard]] std::string join_file_sd(std::span<const std::string_view> texts);

/// The same text written a group at a time, as the group builder makes them (its `each`), so
/// each node's data is rendered while it is still in the cache.
class file_sd_writer {
  public:
    /// Takes the text so far whenever it holds 64 KiB or more, and the rest at the end; false
    /// stops the writing (a comparison that found a difference).
    using piece_sink = std::function<bool(std::string_view)>;

    /// The text goes to `out`, which is cleared first. With `piece`, `out` is handed to it and
    /// emptied as it fills, so the whole text is never held.
    explicit file_sd_writer(std::string& out, piece_sink piece = {});
    /// Each group's place in the whole text is appended to `spans` as the group is added.
    void record_spans(std::vector<group_span>& spans) { spans_ = &spans; }
    /// The next group.
    void add(const target_group& group);
    /// Ends the text; false when the sink stopped the writing.
    bool finish();

  private:
    void hand_over();
    std::string& out_;
    piece_sink piece_;
    std::vector<group_span>* spans_ = nullptr;
    std::size_t handed_ = 0;  // bytes given to `piece_` so far
    bool first_ = true;
    bool stopped_ = false;
};

/// `renders_as`, fed a group at a time (see `file_sd_writer`).
class file_sd_match {
  public:
    explicit file_sd_match(std::string_view text);
    file_sd_match(const file_sd_match&) = delete;
    file_sd_match& operator=(const file_sd_match&) = delete;

    void add(const target_group& group) { writer_.add(group); }
    /// See `file_sd_writer::record_spans`.
    void record_spans(std::vector<group_span>& spans) { writer_.record_spans(spans); }
    /// True when the groups added render as exactly the text.
    [[nodiscard]] bool finish() { return writer_.finish() && rest_.empty(); }

  private:
    std::string_view rest_;  // not yet matched
    std::string rendered_;
    file_sd_writer writer_;
};

}  // namespace swarmsd::output
