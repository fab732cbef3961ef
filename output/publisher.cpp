#include "output/publisher.hpp"

#include <optional>

#include "output/render_file_sd.hpp"

namespace swarmsd::output {

void publisher::add_sink(sink s) { sinks_.push_back({std::move(s), false}); }

publisher::outcome publisher::publish(std::string text) {
    index_.clear();
    sections_.clear();
    spans_.clear();
    bool changed = !current_ || *current_ != text;
    if (changed) make_current(std::move(text));
    return offer(changed);
}

publisher::published_groups publisher::publish_sections(const target_groups& groups,
                                                        named_runs sections) {
    std::string text;
    std::vector<group_span> spans;
    render_file_sd(groups, text, &spans);
    auto result = publish(std::move(text));
    sections_ = std::move(sections);
    spans_ = std::move(spans);
    targets_ = groups.size();
    return {targets_, result};
}

std::optional<published_text> publisher::section(std::string_view name) const {
    if (!current_) return published_text();
    auto at = sections_.find(name);
    if (at == sections_.end()) return std::nullopt;
    auto [first, end] = at->second;
    return std::make_shared<const std::string>(
        file_sd_subset(*current_, std::span(spans_).subspan(first, end - first)));
}

void publisher::make_current(std::string text, bool keep_previous) {
    // A new string, never an edit of the old one: readers may still hold that. Not made const,
    // so that its memory can be reused once no reader holds it (`reusable_buffer`).
    auto old = std::exchange(current_, std::make_shared<std::string>(std::move(text)));
    previous_ = keep_previous ? std::move(old) : nullptr;
    for (auto& s : sinks_) s.has_current = false;
}

publisher::outcome publisher::republish() { return offer(false); }

std::string publisher::reusable_buffer() {
    std::string buffer;
    // Only when nothing else holds the text: not the file (which holds what it wrote), nor a
    // `/targets` answer still being sent.
    if (previous_ && previous_.use_count() == 1)
        buffer = std::move(*std::const_pointer_cast<std::string>(previous_));
    previous_.reset();
    return buffer;
}

publisher::published_groups publisher::publish_groups(const std::vector<parser::node>& nodes,
                                                      parser::cluster_mode mode,
                                                      const group_options& options) {
    group_nodes nodes_of;
    std::vector<group_span> spans;
    std::optional<file_sd_match> match_current;
    if (current_) {
        match_current.emplace(*current_);
        match_current->record_spans(spans);
    }
    auto groups = make_target_groups(
        nodes, mode, options,
        [&](const target_group& group) {
            if (match_current) match_current->add(group);
        },
        &nodes_of);
    bool unchanged = match_current && match_current->finish();
    match_current.reset();  // its buffer, before a change is rendered whole
    targets_ = groups.size();
    sections_.clear();
    spans_.clear();
    if (unchanged) {
        index_.record(nodes.size(), mode, options, std::move(nodes_of), std::move(spans));
        return {targets_, republish()};
    }
    // Known to differ (or the first): made current without comparing the whole text again.
    std::string text;
    spans.clear();
    render_file_sd(groups, text, &spans);
    make_current(std::move(text));
    index_.record(nodes.size(), mode, options, std::move(nodes_of), std::move(spans));
    return {targets_, offer(true)};
}

publisher::published_groups publisher::publish_changed(const std::vector<parser::node>& nodes,
                                                       parser::cluster_mode mode,
                                                       const group_options& options,
                                                       std::span<const std::size_t> changed) {
    std::optional<group_text_index::spliced> spliced;
    if (current_)
        spliced = index_.splice(*current_, nodes, mode, options, changed, reusable_buffer());
    if (!spliced) return publish_groups(nodes, mode, options);
    if (!spliced->changed) return {targets_, republish()};
    make_current(std::move(spliced->text), /*keep_previous=*/true);
    return {targets_, offer(true)};
}

publisher::outcome publisher::offer(bool changed) {
    outcome result;
    result.changed = changed;
    for (auto& s : sinks_) {
        if (s.has_current) continue;
        s.has_current = s.take(current_);
        result.delivered = result.delivered || s.has_current;
        result.pending = result.pending || !s.has_current;
    }
    return result;
}

}  // namespace swarmsd::output
