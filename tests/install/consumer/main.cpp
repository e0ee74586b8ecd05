// SPDX-License-Identifier: MIT
// Built against the installed tree: a small device, one guest write, one check. Without the hana
// component the core must not pull in any Boost header (Boost may be absent).
#include <regspace.hpp>

#if WITH_HANA
#include <regspace/ext/hana.hpp>
#include <boost/hana/length.hpp>
#elif defined(BOOST_CONFIG_HPP) || defined(BOOST_HANA_CONFIG_HPP)
#error "the regspace core included a Boost header"
#endif

using namespace regspace;
using command = reg<"COMMAND", 0x04, 2, bit<"MSE", 1, access::rw>>;
using cfg = space<"consumer", 256, command>;

int main() {
    device<cfg> d;
    d.write(0x04, 4, 0xffffffff);
#if WITH_HANA
    static_assert(decltype(boost::hana::length(registers_of<cfg>))::value == 1);
#endif
    return d.read(0x04, 2) == 0x2 ? 0 : 1;
}
