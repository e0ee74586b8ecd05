// SPDX-License-Identifier: MIT
// Regressions for defects found in review: each case failed before its fix.
#include <doctest/doctest.h>

#include <cstdint>

#include "support/reference.hpp"
#include <regspace.hpp>

using namespace regspace;

namespace {
// A lock in one lane, the RW-L register in the next: one dword access covers both.
using lock_lo = reg<"LOCK", 0x06, 2, bit<"L", 8, access::rw>>;
using rwl_hi = reg<"RWL", 0x08, 2, field<"V", 0, 16, access::rw_lock<"LOCK", "L">>>;
using span_space = space<"span", 16, lock_lo, rwl_hi>;

// Lock and RW-L in one lane, with a hook on the RW-L register.
using lock0 = reg<"LOCK", 0x00, 2, bit<"L", 0, access::rw>>;
using rwl2 = reg<"RWL", 0x02, 2, field<"V", 0, 16, access::rw_lock<"LOCK", "L">>>;
using lane_space = space<"lane", 8, lock0, rwl2>;
struct rwl_hook {
    int n = 0;
    void on_write(rwl2, std::uint64_t, std::uint64_t) { ++n; }
};

// A bank with its own lock, placed twice and repeated.
using bank = block<"BANK", reg<"LOCK", 0x0, 1, bit<"L", 0, access::rw>>,
                   reg<"VAL", 0x4, 4, field<"V", 0, 32, access::rw_lock<"LOCK", "L">>>>;
using banks = space<"banks", 64, place<bank, 0x00>, place<bank, 0x10>, repeat<bank, 0x20, 4, 8>>;
using bank_val = reg<"VAL", 0x4, 4, field<"V", 0, 32, access::rw_lock<"LOCK", "L">>>;

// WO field next to an RO field, with a read hook that returns what it is given.
using keyreg = reg<"KEY", 0x0, 4, field<"KEY", 0, 16, access::wo>, field<"ST", 16, 16, access::ro, 0x5a5a>>;
using key_space = space<"key", 8, keyreg>;
struct pass_through {
    std::uint64_t on_read(keyreg, std::uint64_t stored) { return stored; }
};
}  // namespace

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

TEST_CASE("a lock set by an access does not lock a hooked register in the same access") {
    device<lane_space, rwl_hook> d;
    d.write(0, 4, 0xbeef0001);
    CHECK(d.read(2, 2) == 0xbeef);
    CHECK(d.hooks().n == 1);
    d.write(2, 2, 0x1111);
    CHECK(d.read(2, 2) == 0xbeef);
}

TEST_CASE("each placement and each repeat element obeys its own lock") {
    device<banks> d;
    d.write(0x10, 1, 1);  // lock the second bank only
    d.write(0x04, 4, 0x1111);
    d.write(0x14, 4, 0x2222);
    CHECK(d.read(0x04, 4) == 0x1111);
    CHECK(d.read(0x14, 4) == 0);
    d.write(0x30, 1, 1);  // lock element 2 of the repeat
    for (unsigned e = 0; e < 4; ++e) d.write(0x24 + 8 * e, 4, 0x100 + e);
    CHECK(d.read(0x24, 4) == 0x100);
    CHECK(d.read(0x2c, 4) == 0x101);
    CHECK(d.read(0x34, 4) == 0);
    CHECK(d.read(0x3c, 4) == 0x103);
    // The reference model resolves locks the same way.
    test::reference r(describe<banks>(), test::reference::unmapped::zero);
    r.write(0x10, 1, 1);
    r.write(0x14, 4, 0x2222);
    r.write(0x04, 4, 0x1111);
    CHECK(r.read(0x14, 4) == 0);
    CHECK(r.read(0x04, 4) == 0x1111);
}

TEST_CASE("placed_at names the placement at base 0 as well as the others") {
    device<banks> d;
    d.set<placed_at<bank_val, 0x04>>(0xaa);
    d.set<placed_at<bank_val, 0x14>>(0xbb);
    CHECK(d.read(0x04, 4) == 0xaa);
    CHECK(d.read(0x14, 4) == 0xbb);
    d.set<placed_at<bank_val, 0x24>>(0xcc, 3);
    CHECK(d.read(0x3c, 4) == 0xcc);
}

TEST_CASE("a read hook cannot reveal write-only bits") {
    device<key_space, pass_through> d;
    d.write(0, 2, 0x1234);
    CHECK(d.get<keyreg, "KEY">() == 0x1234);
    CHECK(d.read(0, 4) == 0x5a5a0000);
}
