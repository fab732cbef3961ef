#include "swarm/master/errc.hpp"

#include <fmt/format.h>

#include <boost/beast/http/status.hpp>

namespace swarmsd::master {
namespace {

class category final : public boost::system::error_category {
  public:
    const char* name() const noexcept override { return "swarmsd.master"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
            case errc::timeout:
                return "timed out";
            case errc::body_too_large:
                return "answer too large (body over --max-body-size or headers over 64KiB)";
            case errc::closed_early:
                return "connection closed before a complete answer";
            case errc::too_many_nodes:
                return "the answer lists more nodes than --max-nodes";
        }
        return "unknown error";
    }
};

class http_category final : public boost::system::error_category {
  public:
    const char* name() const noexcept override { return "swarmsd.http_status"; }
    std::string message(int status) const override {
        auto reason =
            boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(status));
        auto text =
            fmt::format("HTTP {} {}", status, std::string_view(reason.data(), reason.size()));
        if (status >= 300 && status < 400) text += " (redirects are not followed)";
        return text;
    }
};

}  // namespace

const boost::system::error_category& master_category() noexcept {
    static const category instance;
    return instance;
}

const boost::system::error_category& http_status_category() noexcept {
    static const http_category instance;
    return instance;
}

}  // namespace swarmsd::master
