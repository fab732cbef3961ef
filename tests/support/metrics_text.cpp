#include "tests/support/metrics_text.hpp"

#include "tests/support/http_get.hpp"

namespace swarmsd::testing {

double sample(const std::string& metrics, const std::string& series) {
    auto text = "\n" + metrics;
    auto at = text.find("\n" + series + " ");
    if (at == std::string::npos) return -1;
    return std::stod(text.substr(at + series.size() + 2));
}

std::string metrics_of(std::uint16_t port) {
    auto answer = http_get(port, "/metrics");
    return answer ? answer->body : "";
}

}  // namespace swarmsd::testing
