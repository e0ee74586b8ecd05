// SPDX-License-Identifier: MIT
// The Boost.Hana view of a space agrees with the run-time introspection.
#include <doctest/doctest.h>

#include <boost/hana/count_if.hpp>
#include <boost/hana/length.hpp>
#include <string_view>
#include <vector>

#include <regspace/ext/hana.hpp>
#include <regspace/introspect.hpp>

#include "support/spaces.hpp"

using namespace regspace;
using namespace regspace::test;
namespace hana = boost::hana;

static_assert(decltype(hana::length(registers_of<mmio_zero>))::value == 21);
static_assert(decltype(hana::length(fields_of<r_mixed>))::value == 5);
// Registers with at least one write-1-to-clear field, counted at compile time.
static_assert(hana::count_if(registers_of<mmio_zero>, [](auto t) {
                  using L = typename decltype(t)::type;
                  bool any = false;
                  hana::for_each(fields_of<typename L::reg>, [&](auto f) {
                      using F = typename decltype(f)::type;
                      any |= F::kind == access::kind::rw1c || F::kind == access::kind::rw1cs;
                  });
                  return any;
              }) == 4u);

TEST_CASE("for_each_register visits what describe<> lists, in order") {
    std::vector<std::string_view> names;
    std::vector<unsigned> offsets;
    for_each_register<mmio_zero>([&](auto t) {
        using L = typename decltype(t)::type;
        names.push_back(L::reg::name.view());
        offsets.push_back(L::offset);
    });
    const auto info = describe<mmio_zero>();
    REQUIRE(names.size() == info.registers.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
        CHECK(names[i] == info.registers[i].name);
        CHECK(offsets[i] == info.registers[i].offset);
    }
}
