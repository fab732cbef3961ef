#include "parser/labels.hpp"

#include <algorithm>

#include "text/trim.hpp"

namespace swarmsd::parser {

label_map split_labels(std::string_view text) {
    label_log log;
    bool continues = false;  // a piece without `=` belongs to the last label logged
    constexpr std::string_view separator = ", ";
    while (!text.empty()) {
        auto end = text.find(separator);
        auto piece = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 2);

        auto eq = piece.find('=');
        if (eq == std::string_view::npos) {
            if (continues) log.back().second->append(separator).append(piece);
            continue;
        }
        auto key = text::trim(piece.substr(0, eq));
        if (key.empty()) {
            continues = false;
            continue;
        }
        log.emplace_back(std::string(key), std::string(piece.substr(eq + 1)));
        continues = true;
    }
    return labels_from(log);
}

label_map labels_from(label_log& log) {
    auto by_key = [](const auto& a, const auto& b) { return a.first < b.first; };
    // Engines write label keys sorted, each once: then there is nothing to sort.
    if (!std::is_sorted(log.begin(), log.end(), by_key))
        std::stable_sort(log.begin(), log.end(), by_key);
    label_map::sequence_type kept;
    kept.reserve(log.size());
    for (std::size_t i = 0; i < log.size(); ++i) {
        if (i + 1 < log.size() && log[i + 1].first == log[i].first) continue;  // a later one wins
        if (log[i].second) kept.emplace_back(std::move(log[i].first), std::move(*log[i].second));
    }
    log.clear();
    label_map labels;
    labels.adopt_sequence(boost::container::ordered_unique_range, std::move(kept));
    return labels;
}

}  // namespace swarmsd::parser
