#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace swarmsd::output {

/// One label of a target group.
struct label {
    std::string_view name;
    std::string_view value;
    bool operator==(const label&) const = default;
};

/// How a label is stored: its value's place and a number for its name (names are few, and each
/// is held once): 16 bytes, where two views would take 32.
struct packed_label {
    const char* value;
    std::uint32_t value_size;
    std::uint32_t name;
};

/// A group's labels, read as `label`s, in order.
class label_list {
  public:
    class iterator {
      public:
        using value_type = label;
        using difference_type = std::ptrdiff_t;
        iterator() = default;
        iterator(const packed_label* at, const std::string_view* names) : at_(at), names_(names) {}
        label operator*() const { return {names_[at_->name], {at_->value, at_->value_size}}; }
        iterator& operator++() {
            ++at_;
            return *this;
        }
        iterator operator++(int) {
            auto was = *this;
            ++at_;
            return was;
        }
        bool operator==(const iterator& o) const { return at_ == o.at_; }

      private:
        const packed_label* at_ = nullptr;
        const std::string_view* names_ = nullptr;
    };

    label_list() = default;
    label_list(const packed_label* first, const packed_label* last, const std::string_view* names)
        : first_(first), last_(last), names_(names) {}
    [[nodiscard]] iterator begin() const { return {first_, names_}; }
    [[nodiscard]] iterator end() const { return {last_, names_}; }
    [[nodiscard]] std::size_t size() const { return static_cast<std::size_t>(last_ - first_); }
    [[nodiscard]] bool empty() const { return first_ == last_; }

  private:
    const packed_label* first_ = nullptr;
    const packed_label* last_ = nullptr;
    const std::string_view* names_ = nullptr;
};

/// One entry of a file_sd / http_sd answer: a target (one cAdvisor) and its labels, in the
/// order they are written (the group builder's: sorted by name, each name once). A view into its
/// `target_groups`, valid until they change.
struct target_group {
    std::string_view target;
    label_list labels;

    /// The value of label `name`, if the group has it.
    [[nodiscard]] std::optional<std::string_view> label_value(std::string_view name) const;
};

/// Target groups stored flat: every group's labels in one array, each label name once, the text
/// the builder made (targets, label names) in blocks that never move. Labels are views: into
/// this, into the nodes and options the groups were built from (which must outlive it), or into
/// text given to `begin_group`, `name_id` and `add_label` (see `keep`).
class target_groups {
  public:
    target_groups() = default;
    target_groups(target_groups&&) noexcept = default;
    target_groups& operator=(target_groups&&) noexcept = default;

    /// Room for `groups` groups and `labels` labels in all, so that building allocates once.
    void reserve(std::size_t groups, std::size_t labels);

    /// The number for label name `name` (not copied: see `keep`): the next free one the first
    /// time a name is seen, so names given first to a new `target_groups` get 0, 1, 2...
    [[nodiscard]] std::uint32_t name_id(std::string_view name);

    /// A new group with target `target` (not copied: see `keep`); labels added next are its own.
    void begin_group(std::string_view target);
    /// A label of the group begun last; its value is a view, not a copy (see `keep`). A value
    /// of 4 GiB or more is refused (std::length_error): no master answer can hold one.
    void add_label(std::uint32_t name, std::string_view value) {
        if (value.size() > max_value_size) too_long();
        labels_.push_back({value.data(), static_cast<std::uint32_t>(value.size()), name});
    }
    void add_label(std::string_view name, std::string_view value) {
        add_label(name_id(name), value);
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
    static constexpr std::size_t max_value_size = 0xffffffff;
    [[noreturn]] static void too_long();

    struct group_range {
        std::string_view target;
        std::size_t first_label;
    };
    std::vector<group_range> groups_;
    std::vector<packed_label> labels_;
    std::vector<std::string_view> names_;                          // by number
    std::unordered_map<std::string_view, std::uint32_t> numbers_;  // by name
    std::vector<std::unique_ptr<char[]>> blocks_;                  // kept text
    char* free_ = nullptr;
    std::size_t left_ = 0;
};

}  // namespace swarmsd::output
