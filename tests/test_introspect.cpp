// SPDX-License-Identifier: MIT
// Run-time view of the descriptors.
#include <doctest/doctest.h>

#include <string_view>

#include <regspace/introspect.hpp>

#include "support/spaces.hpp"

namespace tests_introspect {

using namespace regspace;
using namespace regspace::test;

namespace {
using cap = block<"CAP", reg<"CAP_ID", 0x0, 1, doc<"Capability ID">, field<"ID", 0, 8, access::ro, 0x05>>,
                  reg<"CAP_NEXT", 0x1, 1, field<"NEXT", 0, 8, access::ro>>>;
using vec = block<"VEC", reg<"CTRL", 0x0, 4, spec<"PCI LB 3.0 §6.8.2.9">,
                            bit<"MASK", 0, access::rw, 1, "Vector masked">,
                            field<"PS", 1, 2, access::rw, 0, "power state", spec<"PCI PM 1.2 §3.2.4">,
                                  values<value<0, "D0">, value<3, "D3hot", "off">>>>>;
using isp = space<"introspected", 256, r_lock, r_rwl, place<cap, 0x40>, repeat<vec, 0x80, 4, 16>,
                  unmapped::read_ones>;
}  // namespace

TEST_CASE("registers, fields, policies and resets are visible at run time") {
    constexpr space_info s = describe<isp>();
    CHECK(s.name == "introspected");
    CHECK(s.size == 256);
    CHECK(s.max_access == 4);
    REQUIRE(s.registers.size() == 5);
    const register_info& rwl = s.registers[1];
    CHECK(rwl.name == "RWL");
    CHECK(rwl.offset == 0x1c);
    CHECK(rwl.bytes == 4);
    CHECK(rwl.reset == 0x77);
    REQUIRE(rwl.fields.size() == 2);
    CHECK(rwl.fields[0].policy == access::kind::rw_lock);
    CHECK(rwl.fields[0].lock_register == "LOCK");
    CHECK(rwl.fields[0].lock_field == "L");
    CHECK(access::to_string(rwl.fields[0].policy) == "RW-L");
    const register_info& id = s.registers[2];
    CHECK(id.block == "CAP");
    CHECK(id.offset == 0x40);
    CHECK(id.description == "Capability ID");
    CHECK(id.reserved == access::kind::rsvdp);
    const register_info& ctrl = s.registers[4];
    CHECK(ctrl.count == 4);
    CHECK(ctrl.stride == 16);
    CHECK(ctrl.fields[0].description == "Vector masked");
    CHECK(ctrl.fields[0].reset == 1);
    CHECK(ctrl.spec == "PCI LB 3.0 §6.8.2.9");
    CHECK(ctrl.fields[0].spec.empty());
    CHECK(spec_of(ctrl, ctrl.fields[0]) == "PCI LB 3.0 §6.8.2.9");
    CHECK(spec_of(ctrl, ctrl.fields[1]) == "PCI PM 1.2 §3.2.4");
}

TEST_CASE("named values of a field") {
    constexpr space_info s = describe<isp>();
    const field_info& ps = s.registers[4].fields[1];
    REQUIRE(ps.values.size() == 2);
    CHECK(ps.values[1].number == 3);
    CHECK(ps.values[1].description == "off");
    CHECK(value_name(ps, 3) == "D3hot");
    CHECK(value_name(ps, 0) == "D0");
    CHECK(value_name(ps, 2).empty());
    CHECK(s.registers[4].fields[0].values.empty());
    static_assert(value_name(describe<isp>().registers[4].fields[1], 3) == "D3hot");
}

TEST_CASE("register_at finds the register element covering an offset") {
    constexpr space_info s = describe<isp>();
    unsigned index = 99;
    const register_info* r = register_at(s, 0xa2, &index);
    REQUIRE(r != nullptr);
    CHECK(r->name == "CTRL");
    CHECK(index == 2);
    CHECK(register_at(s, 0xa4) == nullptr);  // bytes 4..15 of each vector block are gaps
    CHECK(register_at(s, 0x41)->name == "CAP_NEXT");
    static_assert(register_at(describe<isp>(), 0x1e)->name == "RWL");
}

TEST_CASE("every policy has a name and a stated effect") {
    for (int k = 0; k < static_cast<int>(access::kind_count); ++k) {
        const auto kind = static_cast<access::kind>(k);
        CHECK(access::semantics_of(kind).policy == kind);
        CHECK(!access::to_string(kind).empty());
        CHECK(!access::semantics_of(kind).on_read.empty());
        CHECK(!access::semantics_of(kind).on_write.empty());
        CHECK(!access::semantics_of(kind).on_warm_reset.empty());
        CHECK(!access::semantics_of(kind).on_cold_reset.empty());
    }
}
}  // namespace tests_introspect
