#include "parser/errc.hpp"

#include <string>

namespace swarmsd::parser {
namespace {

class category final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "swarmsd.parser"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
            case errc::not_json: return "answer is not JSON";
            case errc::not_an_object: return "answer is not a JSON object";
            case errc::no_node_table: return "answer has no node table";
            case errc::incomplete_node_table: return "node table claims nodes but lists none";
        }
        return "unknown parser error";
    }
};

}  // namespace

const boost::system::error_category& parser_category() noexcept {
    static const category instance;
    return instance;
}

}  // namespace swarmsd::parser
