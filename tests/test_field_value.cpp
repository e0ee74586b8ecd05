// SPDX-License-Identifier: MIT
// field_value.hpp: fields of raw values by name, named values in code.
#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <utility>

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

namespace {
// A field at each edge of its register: a 16-bit register's top bit (which GCC 12 once extracted
// with a 16-bit shift: detail::extract), a whole 64-bit register, bit 63, bit 0, and a middle run.
using wide = reg<"WIDE", 0x08, 8, field<"ALL", 0, 64, access::rw>>;
using edges = reg<"EDGES", 0x10, 8, bit<"B0", 0, access::rw>, field<"MID", 5, 27, access::rw>, bit<"B63", 63, access::rw>>;
static_assert(field_get<pmcsr, "PME">(0x7fff) == 0 && field_get<pmcsr, "PME">(0xffff) == 1);
static_assert(field_get<pmcsr, "PME">(0xffff'0000'7fff) == 0);  // bits past the register are not its
static_assert(field_get<wide, "ALL">(0x8000'0000'0000'0001) == 0x8000'0000'0000'0001);
static_assert(field_get<edges, "B63">(0x8000'0000'0000'0000) == 1 && field_get<edges, "B63">(~0ull >> 1) == 0);
static_assert(field_get<edges, "MID">(~0ull) == (1ull << 27) - 1 && field_get<edges, "MID">(0x20) == 1);
static_assert(field_get<edges, "B0">(~0ull << 1) == 0);

// detail::extract against a shift and a mask, for every width at a few positions and every
// position at a few widths, in a 64-bit value; and in 8-, 16- and 32-bit registers, where a field
// that ends at the top is read as two shifts.
template <unsigned Lsb, unsigned Width, class T = std::uint64_t>
bool extract_matches(std::uint64_t v) {
    return detail::extract<Lsb, Width>(static_cast<T>(v)) == ((v >> Lsb) & detail::low_bits(Width));
}
template <unsigned Lsb, std::size_t... W>
bool all_widths(std::uint64_t v, std::index_sequence<W...>) {
    return (extract_matches<Lsb, W + 1>(v) && ...);
}
template <unsigned Width, std::size_t... L>
bool all_positions(std::uint64_t v, std::index_sequence<L...>) {
    return (extract_matches<L, Width>(v) && ...);
}
}  // namespace

TEST_CASE("field values: a field's bits come out whole at every position and width, through field_get and device::get") {
    std::mt19937_64 rng(7);
    for (int i = 0; i < 200; ++i) {
        const std::uint64_t v = rng();
        CHECK(all_widths<0>(v, std::make_index_sequence<64>{}));
        CHECK(all_widths<1>(v, std::make_index_sequence<63>{}));
        CHECK(all_widths<15>(v, std::make_index_sequence<49>{}));
        CHECK(all_widths<32>(v, std::make_index_sequence<32>{}));
        CHECK(all_positions<1>(v, std::make_index_sequence<64>{}));
        CHECK(all_positions<3>(v, std::make_index_sequence<62>{}));
        CHECK(all_positions<16>(v, std::make_index_sequence<49>{}));
    }
    CHECK(detail::extract<3, 0>(~0ull) == 0);  // no width: nothing (check_register rejects it)
    for (int i = 0; i < 200; ++i) {
        const std::uint64_t v = rng();
        CHECK(extract_matches<15, 1, std::uint16_t>(v));
        CHECK(extract_matches<8, 8, std::uint16_t>(v));
        CHECK(extract_matches<0, 16, std::uint16_t>(v));
        CHECK(extract_matches<4, 28, std::uint32_t>(v));
        CHECK(extract_matches<31, 1, std::uint32_t>(v));
        CHECK(extract_matches<7, 1, std::uint8_t>(v));
    }

    device<space<"edges", 0x18, max_access<8>, pmcsr, wide, edges>> d;
    for (int i = 0; i < 200; ++i) {
        const std::uint64_t v = rng();
        d.set<pmcsr>(static_cast<std::uint16_t>(v));
        d.set<wide>(v);
        d.set<edges>(v);
        CHECK(d.get<pmcsr, "PME">() == ((v >> 15) & 1));
        CHECK(d.get<pmcsr, "PS">() == (v & 3));
        CHECK(d.get<wide, "ALL">() == v);
        CHECK(d.get<edges, "B63">() == v >> 63);
        CHECK(d.get<edges, "MID">() == ((v >> 5) & ((1u << 27) - 1)));
        CHECK(d.get<edges, "B0">() == (v & 1));
    }
}
}  // namespace tests_field_value
