#include "output/group_text_index.hpp"

#include <algorithm>

namespace swarmsd::output {
namespace {

// The text of the one group `node` makes (it has a host: it makes one).
std::string group_text(const parser::node& node, parser::cluster_mode mode,
                       const group_options& options) {
    std::vector<parser::node> one{node};
    auto groups = make_target_groups(one, mode, options);
    std::string text;
    std::vector<group_span> spans;
    file_sd_writer writer(text);
    writer.record_spans(spans);
    for (auto group : groups) writer.add(group);
    return spans.size() == 1 ? text.substr(spans[0].offset, spans[0].size) : std::string();
}

// True when the group of node `a` is written before that of node `b`, as the builder orders them.
bool comes_before(const std::vector<parser::node>& nodes, std::size_t a, std::size_t b) {
    if (written_before(nodes[a], nodes[b])) return true;
    return !written_before(nodes[b], nodes[a]) && a < b;
}

}  // namespace

void group_text_index::record(std::size_t node_count, parser::cluster_mode mode,
                              const group_options& options, group_nodes nodes_of,
                              std::vector<group_span> spans) {
    recorded_ = nodes_of.size() == spans.size();
    if (!recorded_) return;
    node_count_ = node_count;
    mode_ = mode;
    options_ = &options;
    nodes_of_ = std::move(nodes_of);
    spans_ = std::move(spans);
    group_of_.assign(node_count, no_group);
    for (std::size_t g = 0; g < nodes_of_.size(); ++g) {
        if (nodes_of_[g] != no_node) group_of_[nodes_of_[g]] = g;
    }
}

bool group_text_index::stays_in_place(std::size_t group,
                                      const std::vector<parser::node>& nodes) const {
    auto at = nodes_of_[group];
    if (group > 0) {
        auto before = nodes_of_[group - 1];
        if (before == no_node || !comes_before(nodes, before, at)) return false;
    }
    if (group + 1 < nodes_of_.size()) {
        auto after = nodes_of_[group + 1];
        if (after == no_node || !comes_before(nodes, at, after)) return false;
    }
    return true;
}

std::optional<group_text_index::spliced> group_text_index::splice(
    std::string_view text, const std::vector<parser::node>& nodes, parser::cluster_mode mode,
    const group_options& options, std::span<const std::size_t> changed, std::string buffer) {
    if (!recorded_ || mode != parser::cluster_mode::swarm_mode || mode_ != mode ||
        options_ != &options || nodes.size() != node_count_)
        return std::nullopt;
    std::vector<std::size_t> groups;  // changed, in text order, each once
    for (auto at : changed) {
        if (at >= nodes.size() || group_of_[at] == no_group || nodes[at].endpoint.host.empty())
            return std::nullopt;
        groups.push_back(group_of_[at]);
    }
    std::sort(groups.begin(), groups.end());
    groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
    std::vector<std::string> fresh;
    fresh.reserve(groups.size());
    bool differs = false;
    for (auto g : groups) {
        if (!stays_in_place(g, nodes)) return std::nullopt;
        fresh.push_back(group_text(nodes[nodes_of_[g]], mode, options));
        differs = differs || fresh.back() != text.substr(spans_[g].offset, spans_[g].size);
    }
    if (!differs) return spliced{};

    spliced out{true, std::move(buffer)};
    out.text.clear();
    auto size = text.size();
    for (std::size_t k = 0; k < groups.size(); ++k)
        size += fresh[k].size() - spans_[groups[k]].size;
    out.text.reserve(size);
    std::size_t copied = 0;  // of `text`
    for (std::size_t k = 0; k < groups.size(); ++k) {
        const auto& old = spans_[groups[k]];
        out.text.append(text.substr(copied, old.offset - copied));
        out.text += fresh[k];
        copied = old.offset + old.size;
    }
    out.text.append(text.substr(copied));
    // Every group after a changed one moves by what the changed ones before it grew or shrank.
    std::ptrdiff_t shift = 0;
    for (std::size_t g = 0, k = 0; g < spans_.size(); ++g) {
        spans_[g].offset =
            static_cast<std::size_t>(static_cast<std::ptrdiff_t>(spans_[g].offset) + shift);
        if (k < groups.size() && groups[k] == g) {
            shift += static_cast<std::ptrdiff_t>(fresh[k].size()) -
                     static_cast<std::ptrdiff_t>(spans_[g].size);
            spans_[g].size = fresh[k].size();
            ++k;
        }
    }
    return out;
}

}  // namespace swarmsd::output
