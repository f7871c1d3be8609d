// The one translation unit that compiles Beast (BOOST_BEAST_SEPARATE_COMPILATION); Asio's own
// compiled part lives in core/asio_impl.cpp.
#include <boost/beast/src.hpp>
