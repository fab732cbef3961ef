#include "tests/support/bcrypt_hash.hpp"

#include <crypt.h>

#include <stdexcept>

namespace swarmsd::testing {

std::string bcrypt_hash(const std::string& password) {
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    if (!::crypt_gensalt_rn("$2y$", 4, nullptr, 0, salt, sizeof salt))
        throw std::runtime_error("crypt_gensalt_rn failed");
    crypt_data data{};
    const char* hashed = ::crypt_r(password.c_str(), salt, &data);
    if (!hashed || hashed[0] == '*') throw std::runtime_error("crypt_r failed");
    return hashed;
}

}  // namespace swarmsd::testing
