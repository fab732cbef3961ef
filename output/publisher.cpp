#include "output/publisher.hpp"

namespace swarmsd::output {

void publisher::add_sink(sink s) { sinks_.push_back({std::move(s), false}); }

publisher::outcome publisher::publish(std::string text) {
    bool changed = !current_ || *current_ != text;
    if (changed) {
        // A new string, never an edit of the old one: readers may still hold that.
        current_ = std::make_shared<const std::string>(std::move(text));
        for (auto& s : sinks_) s.has_current = false;
    }
    return offer(changed);
}

publisher::outcome publisher::republish() { return offer(false); }

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
