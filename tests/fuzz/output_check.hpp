#pragma once

#include <string>
#include <vector>

#include "parser/node.hpp"

namespace swarmsd::fuzz {

/// Builds the target groups for `nodes` as the daemon would, renders the file_sd text, and aborts
/// unless that text is one valid JSON document (strict UTF-8) whose every label name is valid.
/// What a hostile master must never be able to break.
void check_output(const std::vector<parser::node>& nodes, parser::cluster_mode mode);

}  // namespace swarmsd::fuzz
