#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parser/node.hpp"

namespace swarmsd::parser {

/// Splits Swarm's `k=v, k2=v2` label text. A value may hold `=` and `", "`: a piece without `=`
/// belongs to the previous value. Pieces with an empty key are dropped; the last of a repeated
/// key wins.
[[nodiscard]] label_map split_labels(std::string_view text);

/// Label assignments in the order they were read; no value removes the key (a JSON null).
using label_log = std::vector<std::pair<std::string, std::optional<std::string>>>;

/// The labels `log` leaves: the last assignment of each key wins, as if each were applied in turn.
/// In O(n log n) whatever the order (a sorted map filled one label at a time is quadratic in a
/// hostile order). `log` is emptied, its capacity kept for the next.
[[nodiscard]] label_map labels_from(label_log& log);

}  // namespace swarmsd::parser
