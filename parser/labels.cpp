#include "parser/labels.hpp"

#include "parser/text.hpp"

namespace swarmsd::parser {

std::map<std::string, std::string> split_labels(std::string_view text) {
    std::map<std::string, std::string> labels;
    std::string* previous = nullptr;
    constexpr std::string_view separator = ", ";
    while (!text.empty()) {
        auto end = text.find(separator);
        auto piece = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 2);

        auto eq = piece.find('=');
        if (eq == std::string_view::npos) {
            if (previous) previous->append(separator).append(piece);
            continue;
        }
        auto key = trim(piece.substr(0, eq));
        if (key.empty()) {
            previous = nullptr;
            continue;
        }
        previous = &(labels[std::string(key)] = std::string(piece.substr(eq + 1)));
    }
    return labels;
}

}  // namespace swarmsd::parser
