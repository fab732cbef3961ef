#include "rotation/master_ring.hpp"

#include <stdexcept>

namespace swarmsd::rotation {

master_ring::master_ring(std::size_t masters) : size_(masters) {
    if (masters == 0) throw std::invalid_argument("master_ring needs at least one master");
}

void master_ring::start_cycle() noexcept {
    failures_ = 0;
    done_ = false;
}

std::optional<std::size_t> master_ring::next() const noexcept {
    if (done_ || failures_ >= size_) return std::nullopt;
    return current_;
}

void master_ring::succeeded() noexcept { done_ = true; }

void master_ring::failed() noexcept {
    if (done_ || failures_ >= size_) return;
    ++failures_;
    current_ = (current_ + 1) % size_;
}

}  // namespace swarmsd::rotation
