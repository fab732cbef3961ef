#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "output/make_target_groups.hpp"
#include "output/render_file_sd.hpp"
#include "parser/node.hpp"

namespace swarmsd::output {

/// Where each node's group lies in a published text, so that a change to a few nodes renders
/// only their groups and copies the rest. Swarm mode only: there a group depends on its node
/// alone (classic masters join the groups of the nodes they run on).
class group_text_index {
  public:
    /// Forgets the text: the next `splice` declines.
    void clear() { recorded_ = false; }

    /// Remembers how the current text was built: from `node_count` nodes, in `mode`, with
    /// `options` (by address: the same options object must be given to `splice`), each group's
    /// node and place in the text.
    void record(std::size_t node_count, parser::cluster_mode mode, const group_options& options,
                group_nodes nodes_of, std::vector<group_span> spans);

    /// What `splice` made.
    struct spliced {
        bool changed = false;  ///< false: every group renders as it did
        std::string text;      ///< the new text, when changed
    };

    /// `text` (the one recorded) with the groups of the nodes at `changed` built anew from
    /// `nodes`, the rest copied, written into `buffer` (a string whose memory is reused); the
    /// index then describes the new text. Nothing, and the index
    /// unchanged, when it cannot be done so: the text was not recorded from as many nodes in
    /// swarm mode with these options, or a changed node's group would appear, vanish or move.
    /// Then build the text whole.
    [[nodiscard]] std::optional<spliced> splice(std::string_view text,
                                                const std::vector<parser::node>& nodes,
                                                parser::cluster_mode mode,
                                                const group_options& options,
                                                std::span<const std::size_t> changed,
                                                std::string buffer = {});

  private:
    [[nodiscard]] bool stays_in_place(std::size_t group,
                                      const std::vector<parser::node>& nodes) const;

    bool recorded_ = false;
    std::size_t node_count_ = 0;
    parser::cluster_mode mode_ = parser::cluster_mode::swarm_mode;
    const group_options* options_ = nullptr;
    group_nodes nodes_of_;               // by group
    std::vector<std::size_t> group_of_;  // by node; `no_group` for a node without one
    std::vector<group_span> spans_;      // by group
    static constexpr std::size_t no_group = static_cast<std::size_t>(-1);
};

}  // namespace swarmsd::output
