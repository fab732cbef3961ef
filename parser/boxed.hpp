#pragma once

#include <memory>
#include <optional>
#include <utility>

namespace swarmsd::parser {

/// An optional value kept on the heap, with the value semantics of `std::optional` (copies copy
/// the value, `==` compares values): a large part that most values lack costs a pointer, not its
/// size.
template <class T>
class boxed {
  public:
    boxed() = default;
    boxed(std::nullopt_t) {}  // NOLINT(google-explicit-constructor): as std::optional
    boxed(T value)            // NOLINT(google-explicit-constructor): as std::optional
        : value_(std::make_unique<T>(std::move(value))) {}
    boxed(const boxed& other) : value_(other ? std::make_unique<T>(*other) : nullptr) {}
    boxed(boxed&&) noexcept = default;
    boxed& operator=(const boxed& other) {
        if (this != &other) value_ = other ? std::make_unique<T>(*other) : nullptr;
        return *this;
    }
    boxed& operator=(boxed&&) noexcept = default;
    ~boxed() = default;

    template <class... Args>
    T& emplace(Args&&... args) {
        value_ = std::make_unique<T>(std::forward<Args>(args)...);
        return *value_;
    }
    void reset() noexcept { value_.reset(); }

    [[nodiscard]] bool has_value() const noexcept { return value_ != nullptr; }
    explicit operator bool() const noexcept { return has_value(); }
    /// The value; `std::bad_optional_access` when there is none.
    const T& value() const {
        if (!value_) throw std::bad_optional_access();
        return *value_;
    }
    T& operator*() { return *value_; }
    const T& operator*() const { return *value_; }
    T* operator->() { return value_.get(); }
    const T* operator->() const { return value_.get(); }

    bool operator==(const boxed& other) const {
        return has_value() == other.has_value() && (!has_value() || *value_ == *other.value_);
    }

  private:
    std::unique_ptr<T> value_;
};

}  // namespace swarmsd::parser
