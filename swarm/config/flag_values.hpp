#pragma once

#include <boost/any.hpp>
#include <boost/program_options/errors.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "swarm/config/settings.hpp"

namespace swarmsd::config {

/// A flag's value that is not of its type; `why` says what is wrong with it ("\"0\" is not a
/// port number from 1 to 65535"), program_options adds which flag it was.
struct invalid_flag_value : boost::program_options::validation_error {
    explicit invalid_flag_value(std::string text)
        : validation_error(invalid_option_value), why(std::move(text)) {}
    std::string why;
};

// The types program_options reads flags into, one `validate` overload each (found by ADL), so
// that every flag is typed from the moment it is read. `value` is what lands in `settings`.

/// `15s`, `1m30s`, `500ms`: see `parse_duration`.
struct duration_flag {
    std::chrono::milliseconds value;
};
/// `16MiB`, `512KiB`, `1000`: see `parse_byte_size`.
struct byte_size_flag {
    std::size_t value;
};
/// A port number from 1 to 65535.
struct port_flag {
    std::uint16_t value;
};
/// A whole number from 1 to 1,000,000.
struct count_flag {
    std::size_t value;
};
/// `auto`, `classic` or `swarm`.
struct mode_flag {
    discovery_mode value;
};
/// `debug`, `info`, `warn` or `error`.
struct level_flag {
    log_level value;
};
/// `logfmt` or `json`.
struct format_flag {
    log_format value;
};
/// `:PORT`, `IP:PORT`, `[IPV6]:PORT`; empty turns the web server off.
struct listen_flag {
    std::optional<listen_address> value;
};
/// Masters, comma-separated; a repeated flag adds to the list.
struct masters_flag {
    std::vector<master_url> value;
};
/// `K=V` labels; a repeated flag adds to them, a name given twice is refused.
struct labels_flag {
    std::map<std::string, std::string> value;
};

/// `NAME:PORT` services, comma-separated; a repeated flag adds to the list.
struct task_services_flag {
    std::vector<task_service> value;
};

void validate(boost::any& out, const std::vector<std::string>& tokens, duration_flag*, int);
void validate(boost::any& out, const std::vector<std::string>& tokens, byte_size_flag*, int);
void validate(boost::any& out, const std::vector<std::string>& tokens, port_flag*, int);
void validate(boost::any& out, const std::vector<std::string>& tokens, count_flag*, int);
void validate(boost::any& out, const std::vector<std::string>& tokens, mode_flag*, int);
void validate(boost::any& out, const std::vector<std::string>& tokens, level_flag*, int);
void validate(boost::any& out, const std::vector<std::string>& tokens, format_flag*, int);
void validate(boost::any& out, const std::vector<std::string>& tokens, listen_flag*, int);
void validate(boost::any& out, const std::vector<std::string>& tokens, masters_flag*, int);
void validate(boost::any& out, const std::vector<std::string>& tokens, labels_flag*, int);
void validate(boost::any& out, const std::vector<std::string>& tokens, task_services_flag*, int);

}  // namespace swarmsd::config
