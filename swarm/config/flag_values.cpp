#include "swarm/config/flag_values.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>
#include <utility>

#include "swarm/config/byte_size.hpp"
#include "swarm/config/duration.hpp"
#include "swarm/config/names.hpp"
#include "text/address.hpp"
#include "text/label_name.hpp"
#include "text/trim.hpp"

namespace swarmsd::config {
namespace po = boost::program_options;
namespace {

// The one value of a flag that takes one: program_options hands a token per occurrence.
const std::string& single(const std::vector<std::string>& tokens) {
    if (tokens.size() != 1)
        throw po::validation_error(po::validation_error::multiple_values_not_allowed);
    return tokens.front();
}

// Runs a reader that throws std::invalid_argument, as program_options wants it thrown.
template <typename Read>
auto checked(Read read) {
    try {
        return read();
    } catch (const std::invalid_argument& e) {
        throw invalid_flag_value(e.what());
    }
}

// `found`, or the error saying `text` is not `what`.
template <typename Value>
Value known(std::optional<Value> found, const std::string& text, std::string_view what) {
    if (!found) throw invalid_flag_value(fmt::format("\"{}\" is not {}", text, what));
    return *found;
}

// The existing value of a repeatable flag, to add to.
template <typename Flag>
Flag& accumulated(boost::any& out) {
    if (out.empty()) out = Flag{};
    return boost::any_cast<Flag&>(out);
}

void add_label(std::string_view text, std::map<std::string, std::string>& labels) {
    auto eq = text.find('=');
    auto name = std::string(text.substr(0, eq));
    if (eq == std::string_view::npos || !text::is_valid_label_name(name)) {
        throw invalid_flag_value(
            fmt::format("\"{}\" is not K=V with K a label name ([a-zA-Z_][a-zA-Z0-9_]*)", text));
    }
    if (name.starts_with("__"))
        throw invalid_flag_value(fmt::format("\"{}\": names starting with __ are reserved", name));
    if (!labels.emplace(name, std::string(text.substr(eq + 1))).second)
        throw invalid_flag_value(fmt::format("\"{}\" given twice", name));
}

// A service name or ID as Docker allows them: letters, digits, `_`, `.` and `-`, starting with a
// letter or digit (it goes into a request path as it is).
bool is_service_name(std::string_view name) {
    if (name.empty() || name.size() > 128 || !std::isalnum(static_cast<unsigned char>(name[0])))
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
    });
}

// Each non-empty, trimmed piece of the comma-separated `tokens` (a repeated flag, or one
// variable holding a list).
template <typename Each>
void for_each_listed(const std::vector<std::string>& tokens, Each each) {
    for (const auto& token : tokens) {
        std::string_view rest = token;
        while (true) {
            auto comma = rest.find(',');
            auto piece = text::trim(rest.substr(0, comma));
            if (!piece.empty()) each(piece);
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
}

task_service parse_task_service(std::string_view text) {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
        throw invalid_flag_value(fmt::format(
            "\"{}\" has no port: give NAME:PORT, the service and the port its exporter listens "
            "on inside the container (e.g. cadvisor:8080)",
            text));
    }
    auto name = text.substr(0, colon);
    if (!is_service_name(name))
        throw invalid_flag_value(fmt::format("\"{}\" is not a service name or ID", name));
    auto port = text::parse_port(text.substr(colon + 1));
    if (!port) {
        throw invalid_flag_value(
            fmt::format("\"{}\" in \"{}\" is not a port number from 1 to "
                        "65535",
                        text.substr(colon + 1), text));
    }
    return {std::string(name), *port};
}

}  // namespace

void validate(boost::any& out, const std::vector<std::string>& tokens, duration_flag*, int) {
    out = duration_flag{checked([&] { return parse_duration(single(tokens)); })};
}

void validate(boost::any& out, const std::vector<std::string>& tokens, byte_size_flag*, int) {
    out = byte_size_flag{checked([&] { return parse_byte_size(single(tokens)); })};
}

void validate(boost::any& out, const std::vector<std::string>& tokens, port_flag*, int) {
    const auto& text = single(tokens);
    auto port = text::parse_port(text);
    if (!port)
        throw invalid_flag_value(fmt::format("\"{}\" is not a port number from 1 to 65535", text));
    out = port_flag{*port};
}

void validate(boost::any& out, const std::vector<std::string>& tokens, count_flag*, int) {
    constexpr std::size_t max = 1'000'000;
    const auto& text = single(tokens);
    std::size_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || n == 0 || n > max)
        throw invalid_flag_value(fmt::format("\"{}\" is not a number from 1 to {}", text, max));
    out = count_flag{n};
}

void validate(boost::any& out, const std::vector<std::string>& tokens, mode_flag*, int) {
    out = mode_flag{
        known(mode_named(single(tokens)), single(tokens), "a mode (auto, classic or swarm)")};
}

void validate(boost::any& out, const std::vector<std::string>& tokens, level_flag*, int) {
    out = level_flag{known(level_named(single(tokens)), single(tokens),
                           "a log level (debug, info, warn, error)")};
}

void validate(boost::any& out, const std::vector<std::string>& tokens, format_flag*, int) {
    out = format_flag{
        known(format_named(single(tokens)), single(tokens), "a log format (logfmt, json)")};
}

void validate(boost::any& out, const std::vector<std::string>& tokens, listen_flag*, int) {
    const auto& text = single(tokens);
    if (text.empty()) {
        out = listen_flag{std::nullopt};
        return;
    }
    out = listen_flag{checked([&] { return parse_listen_address(text); })};
}

void validate(boost::any& out, const std::vector<std::string>& tokens, masters_flag*, int) {
    auto& masters = accumulated<masters_flag>(out).value;
    for_each_listed(tokens, [&](std::string_view piece) {
        masters.push_back(checked([&] { return parse_master_url(piece); }));
    });
}

void validate(boost::any& out, const std::vector<std::string>& tokens, labels_flag*, int) {
    auto& labels = accumulated<labels_flag>(out).value;
    for (const auto& token : tokens) add_label(token, labels);
}

void validate(boost::any& out, const std::vector<std::string>& tokens, task_services_flag*, int) {
    auto& services = accumulated<task_services_flag>(out).value;
    for_each_listed(tokens, [&](std::string_view piece) {
        auto service = parse_task_service(piece);
        for (const auto& known : services) {
            if (known.name == service.name)
                throw invalid_flag_value(fmt::format("\"{}\" given twice", known.name));
        }
        services.push_back(std::move(service));
    });
}

}  // namespace swarmsd::config
