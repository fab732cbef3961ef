#pragma once

#include <string>

namespace swarmsd::testing {

/// A bcrypt hash of `password` (cost 4, fast for tests), made with libxcrypt as htpasswd would.
std::string bcrypt_hash(const std::string& password);

}  // namespace swarmsd::testing
