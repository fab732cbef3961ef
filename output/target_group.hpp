#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace swarmsd::output {

/// One label of a target group.
struct label {
    std::string_view name;
    std::string_view value;
    bool operator==(const label&) const = default;
};

/// One entry of a file_sd / http_sd answer: a target (one cAdvisor) and its labels, in the
/// order they are written (the group builder's: sorted by name, each name once).
struct target_group {
    std::string_view target;
    std::span<const label> labels;

    /// The value of label `name`, if the group has it.
    [[nodiscard]] std::optional<std::string_view> label_value(std::string_view name) const;
};

/// Target groups stored flat: every group's labels in one array, the text the builder made
/// (targets, label names) in blocks that never move. Labels are views: into this, into the nodes
/// and options the groups were built from (which must outlive it), or into text given to
/// `begin_group` and `add_label` (see `keep`).
class target_groups {
  public:
    target_groups() = default;
    target_groups(target_groups&&) noexcept = default;
    target_groups& operator=(target_groups&&) noexcept = default;

    /// Room for `groups` groups and `labels` labels in all, so that building allocates once.
    void reserve(std::size_t groups, std::size_t labels);

    /// A new group with target `target` (not copied: see `keep`); labels added next are its own.
    void begin_group(std::string_view target);
    /// A label of the group begun last (views, not copies: see `keep`).
    void add_label(std::string_view name, std::string_view value) {
        labels_.push_back({name, value});
    }
    /// Labels of the group begun last, in this order.
    void add_labels(std::span<const label> labels) {
        labels_.insert(labels_.end(), labels.begin(), labels.end());
    }
    /// A copy of `text` that lives as long as this.
    [[nodiscard]] std::string_view keep(std::string_view text);

    [[nodiscard]] std::size_t size() const { return groups_.size(); }
    [[nodiscard]] bool empty() const { return groups_.empty(); }
    [[nodiscard]] target_group operator[](std::size_t i) const;

    class iterator {
      public:
        iterator(const target_groups* all, std::size_t i) : all_(all), i_(i) {}
        target_group operator*() const { return (*all_)[i_]; }
        iterator& operator++() {
            ++i_;
            return *this;
        }
        bool operator==(const iterator&) const = default;

      private:
        const target_groups* all_;
        std::size_t i_;
    };
    [[nodiscard]] iterator begin() const { return {this, 0}; }
    [[nodiscard]] iterator end() const { return {this, groups_.size()}; }

  private:
    struct group_range {
        std::string_view target;
        std::size_t first_label;
    };
    std::vector<group_range> groups_;
    std::vector<label> labels_;
    std::vector<std::unique_ptr<char[]>> blocks_;  // kept text
    char* free_ = nullptr;
    std::size_t left_ = 0;
};

}  // namespace swarmsd::output
