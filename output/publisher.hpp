#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "output/group_text_index.hpp"
#include "output/make_target_groups.hpp"
#include "output/target_group.hpp"
#include "parser/node.hpp"

namespace swarmsd::output {

/// The published file_sd text, held once and shared by every reader (the file, `/targets`).
using published_text = std::shared_ptr<const std::string>;

/// Owns the current targets text and hands each change to its sinks. The one place that decides
/// whether the targets changed.
class publisher {
  public:
    /// Takes a new text; false when it could not (a disk fault): it is offered again on every
    /// later `publish`, changed or not, until it takes one.
    using sink = std::function<bool(const published_text& text)>;

    /// What one `publish` did.
    struct outcome {
        bool changed = false;    ///< the text differs from the one published before
        bool delivered = false;  ///< some sink took the text (a change, or a retry that worked)
        bool pending = false;    ///< some sink still has not taken the current text
    };

    /// Adds a sink; it gets the current text at the next `publish`.
    void add_sink(sink s);

    /// How many target groups `publish_groups` made, and what publishing their text did.
    struct published_groups {
        std::size_t targets = 0;
        outcome result;
    };

    /// Builds the target groups of `nodes` and publishes their text. The text is held once: each
    /// group is compared with the current text as it is built, while its node is in the cache,
    /// and only a change is rendered whole.
    published_groups publish_groups(const std::vector<parser::node>& nodes,
                                    parser::cluster_mode mode, const group_options& options);

    /// `publish_groups`, when the only change to `nodes` since they were last published is that
    /// the nodes at `changed` were replaced in place (nodes fetched after their events). In swarm
    /// mode, where each changed node's group keeps its place, only those groups are rendered and
    /// the rest of the text is copied; otherwise, or when unsure, `publish_groups`.
    published_groups publish_changed(const std::vector<parser::node>& nodes,
                                     parser::cluster_mode mode, const group_options& options,
                                     std::span<const std::size_t> changed);

    /// Makes `text` current, and offers it to every sink that does not have it yet.
    outcome publish(std::string text);

    /// A named run of consecutive groups (a service's tasks): `[first, end)` in group order.
    struct group_run {
        std::size_t first = 0;
        std::size_t end = 0;
    };
    using named_runs = std::map<std::string, group_run, std::less<>>;

    /// Publishes the text of `groups`, and remembers where each of `sections` lies in it for
    /// `section`.
    published_groups publish_sections(const target_groups& groups, named_runs sections);

    /// The text of one section of the last `publish_sections` alone: null before the first
    /// `publish`, none for a name it did not have.
    [[nodiscard]] std::optional<published_text> section(std::string_view name) const;

    /// `publish` of the current text, known unchanged: offers it to every sink that does not
    /// have it yet. Only after a first `publish`.
    outcome republish();

    /// The current text; null before the first `publish`.
    [[nodiscard]] const published_text& current() const noexcept { return current_; }

  private:
    outcome offer(bool changed);
    /// `keep_previous`: the text it replaces is kept for `reusable_buffer` (a splice); otherwise
    /// its memory goes back, as after every listing.
    void make_current(std::string text, bool keep_previous = false);
    std::string reusable_buffer();

    struct entry {
        sink take;
        bool has_current = false;
    };
    published_text current_;
    // The text before, kept after a splice so that the next splice writes into memory already
    // mapped (at 10,000 nodes mapping 10 MB anew cost more than the splice itself).
    published_text previous_;
    std::size_t targets_ = 0;  // groups in the current text
    group_text_index index_;   // of the current text, when built from nodes
    // Of the current text, when published with sections.
    named_runs sections_;
    std::vector<group_span> spans_;
    std::vector<entry> sinks_;
};

}  // namespace swarmsd::output
