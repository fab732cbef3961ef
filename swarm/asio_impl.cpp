// The one translation unit that compiles Asio and Beast (BOOST_*_SEPARATE_COMPILATION), so that
// builds on two cores stay short.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
