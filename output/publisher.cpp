#include "output/publisher.hpp"

#include <optional>

#include "output/render_file_sd.hpp"

namespace swarmsd::output {

void publisher::add_sink(sink s) { sinks_.push_back({std::move(s), false}); }

publisher::outcome publisher::publish(std::string text) {
    bool changed = !current_ || *current_ != text;
    if (changed) make_current(std::move(text));
    return offer(changed);
}

void publisher::make_current(std::string text) {
    // A new string, never an edit of the old one: readers may still hold that.
    current_ = std::make_shared<const std::string>(std::move(text));
    for (auto& s : sinks_) s.has_current = false;
}

publisher::outcome publisher::republish() { return offer(false); }

publisher::published_groups publisher::publish_groups(const std::vector<parser::node>& nodes,
                                                      parser::cluster_mode mode,
                                                      const group_options& options) {
    std::optional<file_sd_match> same;
    if (current_) same.emplace(*current_);
    auto groups = make_target_groups(nodes, mode, options, [&](const target_group& group) {
        if (same) same->add(group);
    });
    bool unchanged = same && same->finish();
    same.reset();  // its buffer, before a change is rendered whole
    if (unchanged) return {std::move(groups), republish()};
    // Known to differ (or the first): made current without comparing the whole text again.
    make_current(render_file_sd(groups));
    return {std::move(groups), offer(true)};
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
