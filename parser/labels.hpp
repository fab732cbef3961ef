#pragma once

#include <map>
#include <string>
#include <string_view>

namespace swarmsd::parser {

/// Splits Swarm's `k=v, k2=v2` label text. A value may hold `=` and `", "`: a piece without `=`
/// belongs to the previous value. Pieces with an empty key are dropped; the last of a repeated
/// key wins.
[[nodiscard]] std::map<std::string, std::string> split_labels(std::string_view text);

}  // namespace swarmsd::parser
