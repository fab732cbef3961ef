#include "output/target_group.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace swarmsd::output {
namespace {

// Kept text comes in blocks of this size (or one of its own, for a longer text): a poll's
// targets and label names in a few allocations, none of them per node.
constexpr std::size_t block_size = 64 * 1024;

}  // namespace

std::optional<std::string_view> target_group::label_value(std::string_view name) const {
    for (const auto& l : labels) {
        if (l.name == name) return l.value;
    }
    return std::nullopt;
}

void target_groups::reserve(std::size_t groups, std::size_t labels) {
    groups_.reserve(groups);
    labels_.reserve(labels);
}

std::uint32_t target_groups::name_id(std::string_view name) {
    auto [it, added] = numbers_.try_emplace(name, static_cast<std::uint32_t>(names_.size()));
    if (added) names_.push_back(name);
    return it->second;
}

void target_groups::too_long() { throw std::length_error("a label value of 4 GiB or more"); }

void target_groups::begin_group(std::string_view target) {
    groups_.push_back({target, labels_.size()});
}

std::string_view target_groups::keep(std::string_view text) {
    if (text.size() > left_) {
        auto size = std::max(block_size, text.size());
        blocks_.push_back(std::make_unique_for_overwrite<char[]>(size));
        free_ = blocks_.back().get();
        left_ = size;
    }
    if (!text.empty()) std::memcpy(free_, text.data(), text.size());
    std::string_view kept(free_, text.size());
    free_ += text.size();
    left_ -= text.size();
    return kept;
}

target_group target_groups::operator[](std::size_t i) const {
    auto first = groups_[i].first_label;
    auto last = i + 1 < groups_.size() ? groups_[i + 1].first_label : labels_.size();
    return {groups_[i].target,
            label_list(labels_.data() + first, labels_.data() + last, names_.data())};
}

}  // namespace swarmsd::output
