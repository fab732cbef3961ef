#pragma once

#include <map>
#include <string>
#include <vector>

namespace swarmsd::output {

/// One entry of a file_sd / http_sd answer: targets that share labels.
struct target_group {
    std::vector<std::string> targets;
    std::map<std::string, std::string> labels;
    bool operator==(const target_group&) const = default;
};

}  // namespace swarmsd::output
