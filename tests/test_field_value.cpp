// SPDX-License-Identifier: MIT
// field_value.hpp: fields of raw values by name, named values in code.
#include <doctest/doctest.h>

#include <cstdint>

#include <regspace.hpp>

namespace tests_field_value {

using namespace regspace;

namespace {
struct power_states : values<value<0, "D0">, value<1, "D1">, value<3, "D3hot">> {};
using pmcsr = reg<"PMCSR", 0x04, 2, field<"PS", 0, 2, access::rw, 0, "power state", power_states>,
                  bit<"NSR", 3, access::ro, 1>, bit<"PME_EN", 8, access::rws>, bit<"PME", 15, access::rw1cs>>;

static_assert(field_get<pmcsr, "PS">(0x8103) == 3);
static_assert(field_get<pmcsr, "PME">(0x8103) == 1);
static_assert(field_set<pmcsr, "PS">(0x8103, 0) == 0x8100);
static_assert(field_set<pmcsr, "PS">(0, 7) == 3);  // only the field's bits
static_assert(field_set<pmcsr, "PS", "PME_EN">(0, value_of<pmcsr, "PS", "D3hot">, 1) == 0x0103);
static_assert(field_mask<pmcsr, "PME_EN"> == 0x100);
static_assert(value_of<pmcsr, "PS", "D1"> == 1);
}  // namespace

TEST_CASE("field values: get, set, several at once and named values, at run time") {
    std::uint64_t v = 0;
    v = field_set<pmcsr, "PS", "PME_EN", "PME">(v, value_of<pmcsr, "PS", "D3hot">, 1, 1);
    CHECK(v == 0x8103);
    CHECK(field_get<pmcsr, "PS">(v) == value_of<pmcsr, "PS", "D3hot">);
    device<space<"pm", 8, pmcsr>> d;
    d.write(0x04, 2, field_set<pmcsr, "PS">(0, value_of<pmcsr, "PS", "D1">));
    CHECK(field_get<pmcsr, "PS">(d.read(0x04, 2)) == 1);
}
}  // namespace tests_field_value
