// The yardstick of scripts/bench-process.sh: a process that only reads a body from stdin and
// parses it with boost::json::parse into a DOM, as any JSON consumer must at the least.
#include <boost/json/parse.hpp>
#include <cstdio>
#include <string>

int main() {
    std::string body;
    char chunk[1 << 16];
    for (std::size_t n; (n = std::fread(chunk, 1, sizeof chunk, stdin)) > 0;) body.append(chunk, n);
    boost::system::error_code ec;
    auto document = boost::json::parse(body, ec);
    if (ec) {
        std::fprintf(stderr, "bare_parse: %s\n", ec.message().c_str());
        return 1;
    }
    return document.is_array() || document.is_object() ? 0 : 1;
}
