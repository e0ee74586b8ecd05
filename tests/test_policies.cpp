// SPDX-License-Identifier: MIT
// Every access policy at every access size and alignment: hand-computed cases first, then an
// exhaustive and a randomised comparison against the bit-by-bit reference model.
#include <doctest/doctest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

#include "support/differential.hpp"
#include "support/reference.hpp"
#include "support/spaces.hpp"

namespace tests_policies {

using namespace regspace;
using namespace regspace::test;

namespace {
using dev = device<mmio_zero>;
}

TEST_CASE("RO ignores guest writes of every size and alignment") {
    dev d;
    for (unsigned size : {1u, 2u, 4u})
        for (unsigned off = 0; off + size <= 4; ++off) d.write(off, size, ~0ull);
    CHECK(d.read(0, 4) == 0x11223344);
    d.set<r_ro>(0xcafef00d);  // the device side may change it
    CHECK(d.read(0, 4) == 0xcafef00d);
    CHECK(d.read(1, 2) == 0xfef0);
}

TEST_CASE("RW stores exactly the written bytes") {
    dev d;
    d.write(4, 2, 0x1234);
    CHECK(d.read(4, 2) == 0x1234);
    d.write(5, 1, 0xff);
    CHECK(d.read(4, 2) == 0xff34);
    CHECK(d.read(4, 1) == 0x34);
    d.write(3, 2, 0x7700);  // byte 3 is RO (r_ro), byte 4 is RW
    CHECK(d.read(4, 2) == 0xff77);
    CHECK(d.read(0, 4) == 0x11223344);
}

TEST_CASE("RW1C clears written ones, keeps the rest") {
    dev d;
    CHECK(d.read(6, 1) == 0xff);
    d.write(6, 1, 0x0f);
    CHECK(d.read(6, 1) == 0xf0);
    d.write(6, 1, 0x00);
    CHECK(d.read(6, 1) == 0xf0);
    d.write(4, 4, 0x00800000 | 0xa5a5);  // spans RW, RW1C and the gap at 7
    CHECK(d.read(6, 1) == 0x70);
    CHECK(d.read(4, 2) == 0xa5a5);
}

TEST_CASE("RW1S sets written ones, never clears") {
    dev d;
    d.write(8, 1, 0x80);
    CHECK(d.read(8, 1) == 0x81);
    d.write(8, 1, 0x00);
    CHECK(d.read(8, 1) == 0x81);
}

TEST_CASE("RC returns the value once, then reads zero, and writes are ignored") {
    dev d;
    d.write(9, 1, 0x00);
    CHECK(d.read(8, 2) == 0xc301);
    CHECK(d.read(9, 1) == 0);
    d.set<r_rc>(0x42);
    CHECK(d.read(6, 4) == 0x420100ff);  // RW1C 0xff | gap 0 | RW1S 01 | RC 42
    CHECK(d.get<r_rc>() == 0);
}

TEST_CASE("RW1T toggles written ones, keeps the rest") {
    dev d;
    d.write(0x2a, 2, 0x0101);
    CHECK(d.read(0x2a, 2) == 0x0ef1);
    d.write(0x2b, 1, 0x0e);  // toggles bits 9-11 back off
    CHECK(d.read(0x2a, 2) == 0x00f1);
    d.write(0x2a, 2, 0);
    CHECK(d.read(0x2a, 2) == 0x00f1);
}

TEST_CASE("RW0C clears written zeros, RW0S sets them, ones keep") {
    dev d;
    d.write(0x2c, 2, 0xfe0f);  // RW0C 0xf3 & 0x0f, RW0S 0x30 | ~0xfe
    CHECK(d.read(0x2c, 1) == 0x03);
    CHECK(d.read(0x2d, 1) == 0x31);
    d.write(0x2c, 2, 0xffff);  // all ones: no change to either
    CHECK(d.read(0x2c, 2) == 0x3103);
}

TEST_CASE("Strobe stores nothing and reads zero, its reset value is not stored") {
    dev d;
    CHECK(d.read(0x2e, 2) == 0);
    CHECK(d.get<r_strobe>() == 0);
    d.write(0x2e, 2, 0xbeef);
    CHECK(d.read(0x2e, 2) == 0);
    CHECK(d.get<r_strobe>() == 0);
    d.set<r_strobe>(0x1234);  // the device side cannot store there either: it holds no data
    CHECK(d.get<r_strobe>() == 0);
    // Mixed in one register: T toggles, C clears on 0, S sets on 0, GO strobes, RW stores.
    CHECK(d.read(0x30, 4) == 0xa3);
    d.write(0x30, 4, 0xff00'5f09);  // T: 1 toggles (1 -> 0); C: 0 clears; S: 0 sets; GO, GO2: nothing
    CHECK(d.read(0x30, 4) == 0x0000'5f04);
}

TEST_CASE("WO stores for the device and reads zero") {
    dev d;
    CHECK(d.get<r_wo>() == 0x1234);
    CHECK(d.read(0xa, 2) == 0);
    d.write(0xa, 2, 0xbeef);
    CHECK(d.read(0xa, 2) == 0);
    CHECK(d.get<r_wo>() == 0xbeef);
}

TEST_CASE("RWO accepts the first write to each byte only") {
    dev d;
    d.write(0xc, 1, 0xaa);
    d.write(0xc, 1, 0x11);
    CHECK(d.read(0xc, 4) == 0x0000ffaa);
    d.write(0xd, 2, 0x2233);  // bytes 0xd/0xe: first write
    CHECK(d.read(0xc, 4) == 0x002233aa);
    d.write(0xc, 4, 0);  // only byte 0xf was still writable
    CHECK(d.read(0xc, 4) == 0x002233aa);
    d.reset(reset_kind::flr);  // FLR restores the value but does not re-arm write-once
    d.write(0xc, 4, 0x12345678);
    CHECK(d.read(0xc, 4) == 0x0000ffff);
    d.reset(reset_kind::cold);  // cold reset re-arms it
    d.write(0xc, 4, 0x12345678);
    CHECK(d.read(0xc, 4) == 0x12345678);
}

TEST_CASE("HwInit is read-only to the guest, settable by the device") {
    dev d;
    d.write(0x10, 2, 0);
    CHECK(d.read(0x10, 2) == 0xbeef);
    d.set<r_hwinit>(0x1001);
    CHECK(d.read(0x10, 2) == 0x1001);
}

TEST_CASE("RsvdP and RsvdZ read zero and ignore writes") {
    dev d;
    d.write(0x12, 2, 0xffff);
    CHECK(d.read(0x12, 2) == 0);
    d.set<r_rsvd>(0xffff);  // declared reserved fields hold no value either
    CHECK(d.get<r_rsvd>() == 0);
    // Undeclared bits 56-63 of WIDE are RsvdP.
    d.write(0x20, 8, ~0ull);
    CHECK(d.read(0x27, 1) == 0);
}

TEST_CASE("RW-L is writable until its lock field is set") {
    dev d;
    d.write(0x1c, 4, 0x00050011);
    CHECK(d.read(0x1c, 4) == 0x00050011);
    d.write(0x18, 1, 0x01);  // LOCK.L = 1 locks V
    d.write(0x1c, 4, 0x00060022);
    CHECK(d.read(0x1c, 4) == 0x00060011);
    d.write(0x18, 1, 0x80);  // LOCK.S (RW1S) locks W, and L stays as written (0 now)
    CHECK(d.read(0x18, 1) == 0x80);
    d.write(0x1c, 4, 0x00070033);
    CHECK(d.read(0x1c, 4) == 0x00060033);
    // A write that sets the lock is not locked by itself (lock sampled before the write).
    dev e;
    e.write(0x18, 4, 0x00000001 | (0xffull << 32));
    CHECK(e.read(0x18, 1) == 0x01);
}

namespace {
// A lock in one lane, the RW-L register in the next: one dword access covers both.
using lock_lo = reg<"LOCK", 0x06, 2, bit<"L", 8, access::rw>>;
using rwl_hi = reg<"RWL", 0x08, 2, field<"V", 0, 16, access::rw_lock<"LOCK", "L">>>;
using span_space = space<"span", 16, lock_lo, rwl_hi>;
}  // namespace

// Found in review (regression: it failed before its fix).
TEST_CASE("a lock set by an access does not lock the rest of that access (two lanes)") {
    device<span_space> d;
    d.write(6, 4, 0xbeef0100);
    CHECK(d.read(8, 2) == 0xbeef);
    d.write(8, 2, 0x1111);
    CHECK(d.read(8, 2) == 0xbeef);
    test::reference r(describe<span_space>(), test::reference::unmapped::zero);
    r.write(6, 4, 0xbeef0100);
    CHECK(r.read(8, 2) == 0xbeef);
}

TEST_CASE("8-byte register: whole, halves and straddling accesses") {
    dev d;
    CHECK(d.read(0x20, 8) == 0x00abcdef01234567ull);
    d.write(0x20, 4, 0xdeadbeef);
    CHECK(d.read(0x20, 8) == 0x00abcdefdeadbeefull);
    d.write(0x24, 4, 0x00000f00);  // RW1C in the high half
    CHECK(d.read(0x24, 4) == 0x00abc0ef);
    CHECK(d.read(0x1e, 4) == 0xbeef0000);  // RWL high half (0) + WIDE low bytes
    CHECK(d.read(0x1f, 8) == 0x00abc0efdeadbeef00ull);  // crosses a lane boundary
}

TEST_CASE("mixed policies inside one byte") {
    dev d;
    CHECK(d.read(0x28, 2) == 0x0906);
    d.write(0x28, 1, 0xff);  // A set, B cleared, C kept, D set, bits 4-7 reserved
    CHECK(d.read(0x28, 1) == 0x0d);
    d.write(0x28, 1, 0x00);
    CHECK(d.read(0x28, 1) == 0x0c);
}

TEST_CASE("an access spanning registers and gaps gives each byte its own semantics") {
    dev d;
    // bytes 4..b: RW=ff 00, RW1C 00 (clears nothing), gap, RW1S ff, RC (ignored), WO 77 00
    d.write(0x04, 8, 0x0077'00ff'0000'00ffull);
    CHECK(d.read(0x04, 2) == 0x00ff);
    CHECK(d.read(0x06, 1) == 0xff);
    CHECK(d.read(0x08, 1) == 0xff);
    CHECK(d.get<r_wo>() == 0x0077);
    CHECK(d.get<r_rc>() == 0xc3);
    CHECK(d.read(0x07, 1) == 0);  // gap
}

TEST_CASE("a config space (max_access 4) refuses 8-byte accesses") {
    device<cfg_zero> d;
    CHECK(d.read(0x20, 8) == ~0ull);
    CHECK(d.last_status() == access_status::bad_size);
    d.write(0x20, 8, 0);
    CHECK(d.read(0x20, 4) == 0x01234567);
}

// ---- differential --------------------------------------------------------------------------------

namespace {
template <class Space>
void compare_state(const device<Space>& d, const reference& r) {
    // Lane by lane (one slot lookup per 8 bytes, detail::lane_map), then the first byte that
    // differs: one assertion per comparison, cheap for a 32 KiB space compared 8,000 times.
    using map = detail::lane_map<Space>;
    const auto& lanes = detail::device_access::state(d);
    const auto want = r.bytes();
    unsigned i = 0;
    for (; i + 8 <= Space::size; i += 8) {
        std::uint64_t lane = 0;
        for (unsigned b = 0; b < 8; ++b) lane |= std::uint64_t{want[i + b]} << (8 * b);
        if (lanes[map::slot(i / 8)] != lane) break;
    }
    while (i < Space::size && state_byte(d, i) == want[i]) ++i;
    REQUIRE_MESSAGE(i == Space::size, "state differs at byte " << detail::hex(i, 1));
}

// Every offset of [first, last] in steps of `step`.
struct offsets {
    unsigned first, last, step = 1;
};

template <class Space>
void exhaustive(reference::unmapped u, std::initializer_list<offsets> ranges = {{0, Space::size + 1}}) {
    // Every size (valid or not) at every offset, from the reset state and after a pattern write.
    reference r(describe<Space>(), u);
    for (unsigned size : {0u, 1u, 2u, 3u, 4u, 5u, 8u, 16u})
        for (const offsets& range : ranges)
        for (unsigned off = range.first; off <= range.last; off += range.step)
            for (std::uint64_t pattern : {0ull, ~0ull, 0x5a5a5a5a5a5a5a5aull}) {
                device<Space> d;
                // A cold reset returns the model to its state as built (every byte an access
                // changed gets its reset value back, spent RWO bits are cleared), which the fresh
                // device checks; building the model again would cost 28 bytes a bit each time.
                r.reset(reset_kind::cold);
                compare_state(d, r);
                d.write(off, size, pattern);
                r.write(off, size, pattern);
                compare_state(d, r);
                for (unsigned roff = off > 8 ? off - 8 : 0; roff < off + 8; ++roff) {
                    const auto got = d.read(roff, size);
                    const auto want = r.read(roff, size);
                    REQUIRE_MESSAGE(got == want, "read(" << detail::hex(roff, 1) << ", " << size
                                                              << ") after write(" << detail::hex(off, 1) << ")");
                }
                compare_state(d, r);
            }
}
}  // namespace

TEST_CASE("handler equals the reference model: every size at every offset") {
    exhaustive<mmio_zero>(reference::unmapped::zero);
    exhaustive<mmio_ones>(reference::unmapped::ones);
    exhaustive<cfg_zero>(reference::unmapped::zero);
}

// A large space stores only the lanes its registers cover (detail::lane_map); the same
// registers then behave exactly as in a small one, and every lane between them is unmapped.
TEST_CASE("handler equals the reference model: a sparse space, near both copies and between") {
    static_assert(!detail::lane_map<sparse_zero>::dense && detail::lane_map<mmio_zero>::dense);
    // Two copies of 7 lanes each, plus the one slot every other lane maps to.
    static_assert(detail::lane_map<sparse_zero>::slot_count == 15);
    // Both lookups (detail::lane_map::slot): two runs tested in turn, and two runs 1000h apart
    // found as one group by shift and mask.
    static_assert(detail::lane_map<sparse_zero>::grouped.count == 2);
    static_assert(detail::lane_map<sparse_ones>::grouped.count == 1 && detail::lane_map<sparse_ones>::grouped.group[0].count == 2);
    exhaustive<sparse_zero>(reference::unmapped::zero, {{0, 0x40}, {0xff0, 0x1010, 7}, {0x1fb8, 0x2001}});
    exhaustive<sparse_ones>(reference::unmapped::ones, {{0, 0x40}, {0xff8, 0x1048, 3}, {0x1ff8, 0x2001}});
}

TEST_CASE("handler equals the reference model: a space with size rules") {
    exhaustive<sized_zero>(reference::unmapped::zero);
}

// Where a size rule over the whole space admits naturally aligned accesses only, the guest path
// does each at its own width (one load or store, masks at that width): the same answers.
TEST_CASE("handler equals the reference model: accesses at their own width, dense and sparse") {
    static_assert(detail::device_access::at_own_width<device<aligned_zero>> &&
                  detail::device_access::at_own_width<device<aligned_sparse_ones>> &&
                  detail::device_access::at_own_width<device<aligned_clustered>>);
    static_assert(!detail::device_access::at_own_width<device<sized_zero>> &&
                  !detail::device_access::at_own_width<device<mmio_zero>>);
    static_assert(!detail::lane_map<aligned_sparse_ones>::dense && detail::lane_map<aligned_zero>::dense);
    exhaustive<aligned_zero>(reference::unmapped::zero);
    static_assert(detail::device_access::at_own_width<device<aligned_masks>>);
    exhaustive<aligned_masks>(reference::unmapped::zero);
    exhaustive<aligned_sparse_ones>(reference::unmapped::ones, {{0, 0x40}, {0xff8, 0x1048, 3}, {0x1ff8, 0x2001}});
    using cmap = detail::lane_map<aligned_clustered>;
    // The block's registers cover 7 lanes (0h-37h): the second copy's end at 1FC0h + 38h.
    static_assert(cmap::grouped.count == 2 && cmap::covered_begin == 0 && cmap::covered_end == 0x1ff8);
    static_assert(cmap::byte_slot(0x1ff4) != cmap::nothing * 8 && cmap::byte_slot(0x1ff8) == cmap::nothing * 8 &&
                  cmap::byte_slot(0x7ffc) == cmap::nothing * 8);
    exhaustive<aligned_clustered>(reference::unmapped::zero, {{0, 0x48}, {0x1fb8, 0x2008}, {0x7ff0, 0x8001}});
}

TEST_CASE("handler equals the reference model: a small space stored sparsely by choice") {
    static_assert(!detail::lane_map<forced_sparse>::dense && detail::lane_map<forced_sparse>::slot_count == 8);
    exhaustive<forced_sparse>(reference::unmapped::zero);
}

TEST_CASE("handler equals the reference model: random sequences with resets") {
    for (std::uint64_t seed : {1ull, 0x9e3779b97f4a7c15ull, 42ull}) {
        random_differential<mmio_zero>(reference::unmapped::zero, seed, 20000);
        random_differential<mmio_ones>(reference::unmapped::ones, seed, 20000);
        random_differential<cfg_zero>(reference::unmapped::zero, seed, 20000);
        random_differential<sparse_zero>(reference::unmapped::zero, seed, 20000);
        random_differential<sparse_ones>(reference::unmapped::ones, seed, 20000);
        random_differential<sized_zero>(reference::unmapped::zero, seed, 20000);
        random_differential<aligned_zero>(reference::unmapped::zero, seed, 20000);
        random_differential<aligned_masks>(reference::unmapped::zero, seed, 20000);
        random_differential<aligned_sparse_ones>(reference::unmapped::ones, seed, 20000);
        random_differential<aligned_clustered>(reference::unmapped::zero, seed, 20000);
        random_differential<forced_sparse>(reference::unmapped::zero, seed, 20000);
    }
}

// The policy table is the contract; docs/policies.md shows it row for row.
TEST_CASE("docs/policies.md shows access::table") {
    std::ifstream in(std::string(REGSPACE_SOURCE_DIR) + "/docs/policies.md");
    REQUIRE(in.good());
    std::stringstream doc;
    doc << in.rdbuf();
    for (const access::semantics& s : access::table) {
        const std::string row = "| " + std::string(s.name) + " | " + std::string(s.on_read) + " | " +
                                std::string(s.on_write) + " | " + std::string(s.on_warm_reset) + " | " +
                                std::string(s.on_cold_reset) + " |\n";
        CAPTURE(row);
        CHECK(doc.str().find(row) != std::string::npos);
    }
}
}  // namespace tests_policies
