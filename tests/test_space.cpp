// SPDX-License-Identifier: MIT
// space.hpp: how a space is stored. A space costs in proportion to its registers, not its bytes:
// a 1 MiB MMIO bank with 32 registers (the shape of every real BAR bank) is stored as the few
// lanes its registers cover (detail::lane_map), in an instance of a few hundred bytes, and its
// accesses, resets, snapshots and traces behave as in a dense space (the policy-by-policy
// comparison with the reference model is in test_policies.cpp).
#include <doctest/doctest.h>

#include <cstdint>

#include <regspace.hpp>
#include <regspace/explain.hpp>
#include <regspace/snapshot.hpp>

namespace tests_space {

using namespace regspace;

namespace {
// Four registers of mixed policies and widths, repeated 8 times at 128 KiB: 32 registers in 1 MiB.
using ctl = reg<"CTL", 0x00, 4, bit<"EN", 0, access::rw>, field<"MODE", 1, 3, access::rw, 2>,
                bit<"ERR", 31, access::rw1c>>;
using sta = reg<"STA", 0x04, 4, field<"ID", 0, 16, access::ro, 0x11e8>, bit<"GO", 16, access::rw1s>,
                bit<"PME", 17, access::rws>>;
using addr = reg<"ADDR", 0x08, 8, field<"A", 0, 64, access::rw>>;
using dbl = reg<"DOORBELL", 0x10, 2, field<"V", 0, 16, access::wo>>;
using unit = block<"UNIT", ctl, sta, addr, dbl>;
struct bank : space<"1 MiB bank", 1u << 20, max_access<8>, repeat<unit, 0, 8, 0x20000>> {};
struct bank_ones : space<"1 MiB bank", 1u << 20, max_access<8>, unmapped::read_ones, repeat<unit, 0, 8, 0x20000>> {};

using map = detail::lane_map<bank>;
static_assert(!map::dense, "a 1 MiB space with 32 registers is stored sparsely");
static_assert(map::slot_count == 8 * 3 + 1, "per unit: lanes 0x00, 0x08, 0x10; plus the empty slot");
static_assert(sizeof(device<bank>) <= 4096, "issue 13: an instance of the 1 MiB bank is at most 4 KiB");
// The eight units' runs of 3 lanes, 20000h apart, are one group of runs (layout.hpp: the lookup
// tests its span, then shifts and masks): a lane is found with a test or two, not eight.
static_assert(map::runs == 8 && map::grouped.count == 1 && map::grouped.group[0].count == 8 &&
              map::grouped.group[0].shift == 14 && map::grouped.group[0].length == 3);
static_assert(map::slot(0x20000 / 8 * 5 + 2) == 5 * 3 + 2 && map::slot(0x20000 / 8 * 5 + 3) == map::nothing &&
              map::slot(0x20000 / 8 * 7 + 3) == map::nothing && map::slot(0x20000 / 8 * 8) == map::nothing);
static_assert(detail::lane_map<space<"cfg", 4096>>::dense, "configuration space stays dense");
// A description may choose: a 16 KiB MSI-X-like table stored densely for speed.
static_assert(detail::lane_map<space<"table", 16384, storage::dense, reg<"R", 0, 4>>>::dense);
static_assert(!detail::lane_map<space<"table", 16384, reg<"R", 0, 4>>>::dense);
// The lookup, at compile time: covered lanes find their slot, every other lane the empty one.
static_assert(map::slot(0) == 0 && map::slot(2) == 2 && map::slot(0x20000 / 8) == 3);
static_assert(map::slot(3) == map::nothing && map::slot((1u << 20) / 8 - 1) == map::nothing);
static_assert(map::lane_of(3) == 0x20000 / 8 && map::lane_of(map::nothing) == (1u << 20) / 8);
// By byte (the accesses done at their own width): slot * 8 + offset % 8, or nothing * 8.
static_assert(map::byte_slot(7) == 7 && map::byte_slot(0x20000 + 1) == 3 * 8 + 1 &&
              map::byte_slot(0x20000 * 5 + 2 * 8 + 5) == (5 * 3 + 2) * 8 + 5);
static_assert(map::byte_slot(0x20000 * 5 + 3 * 8) == map::nothing * 8 && map::byte_slot(0x20000 * 7 + 3 * 8 + 1) == map::nothing * 8 &&
              map::byte_slot(3 * 8 + 4) == map::nothing * 8 && map::byte_slot((1u << 20) - 1) == map::nothing * 8);

// Lanes are found by runs of consecutive covered lanes: 8 units of 3 lanes are 8 runs, tested in
// turn; 16 scattered registers are 16 runs, found by a binary search over the runs.
static_assert(map::runs == 8);
using cell_reg = reg<"R", 0, 4, field<"V", 0, 32, access::rw, 0x5a>>;
using cell = block<"CELL", cell_reg>;
struct scattered : space<"scattered", (1u << 16), repeat<cell, 0x0, 16, 0x1000>> {};
using smap = detail::lane_map<scattered>;
static_assert(smap::runs == 16 && smap::slot_count == 17);
static_assert(smap::slot(0) == 0 && smap::slot(0x1000 / 8) == 1 && smap::slot(0xf000 / 8) == 15);
static_assert(smap::slot(1) == smap::nothing && smap::slot(0x1008 / 8) == smap::nothing &&
              smap::slot(0xfff8 / 8) == smap::nothing);
// Ten registers at unequal distances: ten groups, more than the lookup tests in turn, so both
// lookups go through the binary search over the runs.
struct uneven : space<"uneven", (1u << 16), reg<"A", 0x0000, 4>, reg<"B", 0x1100, 4>, reg<"C", 0x2300, 4>,
                      reg<"D", 0x3700, 4>, reg<"E", 0x4900, 4>, reg<"F", 0x5b00, 4>, reg<"G", 0x6d00, 8>,
                      reg<"H", 0x7f00, 4>, reg<"I", 0x9100, 4>, reg<"J", 0xa304, 4>> {};
using umap = detail::lane_map<uneven>;
static_assert(!umap::dense && umap::grouped.count == 10 && umap::slot_count == 11);
static_assert(umap::slot(0x6d00 / 8) == 6 && umap::slot(0xa300 / 8) == 9 && umap::slot(0x6d08 / 8) == umap::nothing);
static_assert(umap::byte_slot(0x6d05) == 6 * 8 + 5 && umap::byte_slot(0xa307) == 9 * 8 + 7 &&
              umap::byte_slot(0) == 0 && umap::byte_slot(0x6d08) == umap::nothing * 8 &&
              umap::byte_slot(0xffff) == umap::nothing * 8);

// The guest path at compile time too: a constexpr device over the 1 MiB space.
constexpr std::uint64_t constexpr_round_trip() {
    device<bank> d;
    d.write(7 * 0x20000 + 8, 8, 0x1122334455667788);
    d.write(0x40, 4, 0xffffffff);  // unmapped: dropped
    return d.read(7 * 0x20000 + 0xc, 4) + d.read(0x40, 4);
}
static_assert(constexpr_round_trip() == 0x11223344);
}  // namespace

TEST_CASE("space: a 1 MiB bank with 32 registers, stored sparsely, behaves like a dense space") {
    device<bank> d;
    for (unsigned u = 0; u < 8; ++u) {
        const unsigned base = u * 0x20000;
        CHECK(d.read(base, 4) == 4);                 // CTL: MODE resets to 2
        CHECK(d.read(base + 4, 2) == 0x11e8);        // STA.ID
        d.write(base, 4, 0x8000000f);                // EN, MODE 7, ERR (rw1c, was 0)
        CHECK(d.read(base, 4) == 0xf);
        d.write(base + 8, 8, 0x0123456789abcdef + u);
        CHECK(d.read(base + 8, 8) == 0x0123456789abcdef + u);
        CHECK(d.read(base + 0xc, 4) == 0x01234567);  // the upper half on its own
        CHECK(d.read(base + 6, 4) == (0xcdefull + u) << 16);  // across STA and ADDR: GO/PME clear
        d.write(base + 0x10, 2, 0xbeef);             // write-only: the device sees it, the guest 0
        CHECK(d.read(base + 0x10, 2) == 0);
        CHECK(d.get<dbl>(u) == 0xbeef);
        CHECK(d.get<addr>(u) == 0x0123456789abcdef + u);
    }
    // Unmapped lanes read 0 (or all-ones) and ignore writes, whatever their distance from a register.
    device<bank_ones> o;
    for (unsigned off : {0x18u, 0x1cu, 0x100u, 0x1fff8u, 0x20018u, 0x80040u, 0xffff8u}) {
        d.write(off, 8, ~0ull);
        o.write(off, 8, ~0ull);
        CHECK(d.read(off, 8) == 0);
        CHECK(o.read(off, 8) == ~0ull);
    }
    // 8-byte accesses across two lanes: ADDR's upper half (0x0c-0x0f, 0 here), DOORBELL
    // (0x10-0x11, write-only: reads 0), then unmapped bytes (0x12 on, in the same covered lane
    // and in the uncovered lane after it).
    CHECK(o.read(0x0c, 8) == 0xffff'0000'0000'0000ull);
    CHECK(o.read(0x0e, 8) == 0xffff'ffff'0000'0000ull);
    CHECK(o.read(0x14, 8) == ~0ull);
    CHECK(d.read(0x12, 8) == 0);
    // Past the end: refused like any out-of-range access.
    CHECK(d.read((1u << 20) - 4, 8) == ~0ull);
    CHECK(d.last_status() == access_status::out_of_range);

    // Warm reset keeps the sticky PME bit, cold reset restores everything.
    d.write(0x20004, 4, 0x30000);  // GO (rw1s) and PME (rws)
    d.reset(reset_kind::warm);
    CHECK(d.read(0x20004, 4) == 0x211e8);
    CHECK(d.read(0x20000, 4) == 4);
    d.reset(reset_kind::cold);
    CHECK(d.read(0x20004, 4) == 0x11e8);
    CHECK(d.get<addr>(7) == 0);
}

TEST_CASE("space: a sparse space's snapshot holds its covered lanes only, and round-trips") {
    device<bank> a;
    a.write(0x60008, 8, 0xfeedface'cafebeefull);
    a.write(0xe0000, 4, 0xb);
    const std::vector<std::uint8_t> snap = save(a);
    CHECK(snap.size() < 1024);  // 25 lanes of three images, not 131072
    device<bank> b;
    REQUIRE(restore(b, snap));
    CHECK(b.read(0x60008, 8) == 0xfeedface'cafebeefull);
    CHECK(b.read(0xe0000, 4) == 0xb);
    CHECK(save(b) == snap);
}

TEST_CASE("space: explain names a register far into a sparse space") {
    device<bank> d;
    const explanation e = explain_write(d, 0xc0000, 4, 0x80000003);
    REQUIRE(e.registers.size() == 1);
    CHECK(e.registers[0].reg->name == "CTL");
    CHECK(e.registers[0].element == 6);
    CHECK(e.registers[0].new_value == 3);
    const explanation gap = explain_read(d, 0xc0040, 4);
    CHECK(gap.registers.empty());
    CHECK(gap.unmapped == 0xffffffff);
}

TEST_CASE("space: registers scattered over 64 KiB, found by a search over runs") {
    device<scattered> d;
    for (unsigned i = 0; i < 16; ++i) {
        CHECK(d.read(i * 0x1000, 4) == 0x5a);
        d.write(i * 0x1000, 4, 0x100 + i);
        CHECK(d.read(i * 0x1000 + 4, 4) == 0);  // the lane's other half: unmapped
        CHECK(d.read(i * 0x1000 + 8, 4) == 0);  // the next lane: unmapped
    }
    for (unsigned i = 0; i < 16; ++i) CHECK(d.get<cell_reg>(i) == 0x100 + i);
}
}  // namespace tests_space
