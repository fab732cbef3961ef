#pragma once

#include <cstddef>
#include <optional>

namespace swarmsd::rotation {

/// Which master to ask next. A poll cycle starts at the current master; each failure moves on to
/// the next one, and a cycle ends when one answers well or every master has failed once. The
/// master that answered stays current for the next cycle (sticky).
class master_ring {
  public:
    /// A ring over `masters` masters (at least one), starting at the first.
    explicit master_ring(std::size_t masters);

    /// Starts a poll cycle: every master may be tried once more.
    void start_cycle() noexcept;

    /// The master to ask now, or nullopt when the cycle is over.
    [[nodiscard]] std::optional<std::size_t> next() const noexcept;

    /// The master from `next()` answered well: it stays current, the cycle is over.
    void succeeded() noexcept;

    /// The master from `next()` failed: rotate to the next one.
    void failed() noexcept;

    /// The master a new cycle starts with.
    [[nodiscard]] std::size_t current() const noexcept { return current_; }

    /// How many masters the ring holds.
    [[nodiscard]] std::size_t size() const noexcept { return size_; }

  private:
    std::size_t size_;
    std::size_t current_ = 0;
    std::size_t failures_ = 0;  // in this cycle
    bool done_ = false;
};

}  // namespace swarmsd::rotation
