#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "output/make_target_groups.hpp"
#include "output/target_group.hpp"
#include "parser/swarm_info.hpp"

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

    /// What `publish_groups` built, and what publishing their text did.
    struct published_groups {
        target_groups groups;
        outcome result;
    };

    /// Builds the target groups of `nodes` and publishes their text. The text is held once: each
    /// group is compared with the current text as it is built, while its node is in the cache,
    /// and only a change is rendered whole.
    published_groups publish_groups(const std::vector<parser::node>& nodes,
                                    parser::cluster_mode mode, const group_options& options);

    /// Makes `text` current, and offers it to every sink that does not have it yet.
    outcome publish(std::string text);

    /// `publish` of the current text, known unchanged: offers it to every sink that does not
    /// have it yet. Only after a first `publish`.
    outcome republish();

    /// The current text; null before the first `publish`.
    [[nodiscard]] const published_text& current() const noexcept { return current_; }

  private:
    outcome offer(bool changed);
    void make_current(std::string text);

    struct entry {
        sink take;
        bool has_current = false;
    };
    published_text current_;
    std::vector<entry> sinks_;
};

}  // namespace swarmsd::output
