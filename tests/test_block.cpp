// SPDX-License-Identifier: MIT
// Placements (regspace/block.hpp): each place<> and repeat<> copy has its own state; placed_at<> names one.
#include <doctest/doctest.h>

#include "support/reference.hpp"
#include <regspace.hpp>

namespace tests_block {

using namespace regspace;

namespace {
// A bank with its own lock, placed twice and repeated.
using bank = block<"BANK", reg<"LOCK", 0x0, 1, bit<"L", 0, access::rw>>,
                   reg<"VAL", 0x4, 4, field<"V", 0, 32, access::rw_lock<"LOCK", "L">>>>;
using banks = space<"banks", 64, place<bank, 0x00>, place<bank, 0x10>, repeat<bank, 0x20, 4, 8>>;
using bank_val = reg<"VAL", 0x4, 4, field<"V", 0, 32, access::rw_lock<"LOCK", "L">>>;
}  // namespace

// Found in review (regression: it failed before its fix).
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

// Found in review (regression: it failed before its fix).
TEST_CASE("placed_at names the placement at base 0 as well as the others") {
    device<banks> d;
    d.set<placed_at<bank_val, 0x04>>(0xaa);
    d.set<placed_at<bank_val, 0x14>>(0xbb);
    CHECK(d.read(0x04, 4) == 0xaa);
    CHECK(d.read(0x14, 4) == 0xbb);
    d.set<placed_at<bank_val, 0x24>>(0xcc, 3);
    CHECK(d.read(0x3c, 4) == 0xcc);
}

// block_of: a block from registers and reg_list<> parts, some of them empty (how capabilities
// whose registers depend on their parameters list them).
namespace {
using part_a = reg<"A", 0x0, 2, field<"V", 0, 16, access::rw>>;
using part_b = reg<"B", 0x2, 2, field<"V", 0, 16, access::ro, 0x1234>>;
using part_c = reg<"C", 0x4, 4, field<"V", 0, 32, access::rw1c>>;
template <bool WithB>
using composed = block_of<"COMPOSED", part_a, std::conditional_t<WithB, reg_list<part_b>, reg_list<>>, reg_list<part_c>>;
static_assert(std::is_same_v<composed<true>, block<"COMPOSED", part_a, part_b, part_c>>);
static_assert(std::is_same_v<composed<false>, block<"COMPOSED", part_a, part_c>>);
}  // namespace

TEST_CASE("block_of composes a block from registers and register lists") {
    device<space<"with", 16, place<composed<true>, 8>>> with_b;
    device<space<"without", 16, place<composed<false>, 8>>> without_b;
    CHECK(with_b.read(0x0a, 2) == 0x1234);
    CHECK(without_b.read(0x0a, 2) == 0);  // B is not there: unmapped, reads 0
    with_b.write(0x08, 2, 0xbeef);
    CHECK(with_b.read(0x08, 2) == 0xbeef);
}
}  // namespace tests_block
