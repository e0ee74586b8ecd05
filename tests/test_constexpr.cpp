// SPDX-License-Identifier: MIT
// The whole model in constant evaluation: a device exercised by static_assert, the folded masks,
// and the reference-free statements a reader can check against the spec by eye.
#include <doctest/doctest.h>

#include <type_traits>

#include "support/spaces.hpp"

namespace tests_constexpr {

using namespace regspace;
using namespace regspace::test;

namespace {
constexpr auto& m = detail::model_of<mmio_zero>;

// Lane 0: RO(0-3) RW(4-5) RW1C(6) gap(7).
static_assert(m.lanes[0].mapped == 0x00ff'ffff'ffff'ffffull);
static_assert(m.lanes[0].writable == 0x0000'ffff'0000'0000ull);
static_assert(m.lanes[0].w1c == 0x00ff'0000'0000'0000ull);
static_assert(m.reset[0] == 0x00ff'a5a5'1122'3344ull);
// Lane 2: HwInit(0-1) RSVD(2-3) ROS(4) RWS(5) RW1CS(6-7): sticky and HwInit survive warm/FLR.
static_assert(m.lanes[2].keep == 0xffff'ffff'0000'ffffull);
static_assert(m.lanes[2].writable == 0x0000'ff00'0000'0000ull);
static_assert(m.lock_count == 2);

constexpr bool policy_walk() {
    device<mmio_zero> d;
    bool ok = true;
    d.write(0x00, 8, ~0ull);                        // RO, RW, RW1C, gap
    ok &= d.read(0x00, 8) == 0x0000'ffff'1122'3344ull;
    d.write(0x08, 8, 0);                            // RW1S, RC, WO, RWO
    ok &= d.read(0x09, 1) == 0xc3 && d.read(0x09, 1) == 0;  // RC
    ok &= d.read(0x0a, 2) == 0 && d.get<r_wo>() == 0;      // WO
    ok &= d.read(0x0c, 4) == 0;                              // RWO took the first write
    d.write(0x0c, 4, 0x1234);
    ok &= d.read(0x0c, 4) == 0;
    d.write(0x18, 1, 1);                            // lock RWL.V
    d.write(0x1c, 2, 0xffff);
    ok &= d.read(0x1c, 2) == 0x77;
    d.reset(reset_kind::cold);
    ok &= d.read(0x0c, 4) == 0xffff;
    d.write(0x1f, 8, ~0ull);                        // unaligned 8-byte write across two lanes
    ok &= d.read(0x20, 4) == 0xffffffff && d.read(0x24, 4) == 0 && d.read(0x1f, 1) == 0xff;
    ok &= d.read(0x3c, 8) == ~0ull && d.last_status() == access_status::out_of_range;
    return ok;
}
static_assert(policy_walk());

// detail::filter: none kept, all kept (both answered without join<>), some kept in order.
template <class T> struct is_wide : std::bool_constant<(sizeof(T) > 1)> {};
static_assert(std::is_same_v<detail::filter<is_wide, detail::type_list<char, bool>>::type, detail::type_list<>>);
static_assert(std::is_same_v<detail::filter<is_wide, detail::type_list<int, long>>::type, detail::type_list<int, long>>);
static_assert(std::is_same_v<detail::filter<is_wide, detail::type_list<char, int, bool, long>>::type,
                             detail::type_list<int, long>>);
static_assert(std::is_same_v<detail::filter<is_wide, detail::type_list<>>::type, detail::type_list<>>);
static_assert(detail::count_true<true, false, true> == 2 && detail::count_true<> == 0);

// others_as<P>: every bit no field names becomes a field of policy P, one per contiguous run.
using scratchy = reg<"SCR", 0x00, 2, others_as<access::rw>, field<"ID", 4, 4, access::ro, 0xa>,
                     bit<"EN", 9, access::rw1c>>;
static_assert(scratchy::fields::size == 5);
static_assert(detail::nth_t<2, scratchy::fields>::name == fixed_string("bits[3:0]") &&
              detail::nth_t<2, scratchy::fields>::mask == 0x000f);
static_assert(detail::nth_t<3, scratchy::fields>::name == fixed_string("bits[8]") &&
              detail::nth_t<3, scratchy::fields>::mask == 0x0100);
static_assert(detail::nth_t<4, scratchy::fields>::name == fixed_string("bits[15:10]") &&
              detail::nth_t<4, scratchy::fields>::kind == access::kind::rw);
constexpr bool others_walk() {
    device<space<"s", 0x10, scratchy>> d;
    d.set<scratchy>(0x02a0);
    d.write(0x00, 2, 0xffff);  // scratch runs store, ID stays, EN (RW1C) clears
    return d.read(0x00, 2) == 0xfdaf;
}
static_assert(others_walk());
}  // namespace

TEST_CASE("the constexpr walk also holds at run time") { CHECK(policy_walk()); }
}  // namespace tests_constexpr
