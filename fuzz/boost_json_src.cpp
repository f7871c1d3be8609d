// Boost.JSON compiled here (not Debian's prebuilt library), so its parser is instrumented too.
#include <boost/json/src.hpp>
