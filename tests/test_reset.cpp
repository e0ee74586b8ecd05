// SPDX-License-Identifier: MIT
// Reset kinds: cold restores everything, warm and FLR keep sticky and HwInit bits.
#include <doctest/doctest.h>

#include "support/spaces.hpp"

namespace tests_reset {

using namespace regspace;
using namespace regspace::test;

TEST_CASE("cold, warm and FLR reset") {
    for (reset_kind k : {reset_kind::cold, reset_kind::warm, reset_kind::flr}) {
        CAPTURE(static_cast<int>(k));
        device<mmio_zero> d;
        d.write(0x04, 2, 0x0001);          // RW
        d.write(0x15, 1, 0x00);            // RWS
        d.write(0x16, 2, 0xffff);          // RW1CS: clears all
        d.set<r_ros>(0x01);                // ROS, device side
        d.set<r_hwinit>(0x4242);           // HwInit, device side (not the reset image)
        d.write(0x28, 2, 0x0000);          // MIXED.E (RWS) -> 0
        d.reset(k);
        CHECK(d.read(0x04, 2) == 0xa5a5);  // RW always returns to reset
        const bool cold = k == reset_kind::cold;
        CHECK(d.read(0x15, 1) == (cold ? 0x3c : 0x00));
        CHECK(d.read(0x16, 2) == (cold ? 0xf00f : 0x0000));
        CHECK(d.read(0x14, 1) == (cold ? 0x5a : 0x01));
        CHECK(d.read(0x10, 2) == (cold ? 0xbeef : 0x4242));
        CHECK(d.read(0x29, 1) == (cold ? 0x09 : 0x00));
    }
}

TEST_CASE("set_reset_value changes what reset restores, not the current value") {
    device<mmio_zero> d;
    d.set_reset_value<r_rw>(0x1111);
    CHECK(d.read(0x04, 2) == 0xa5a5);
    d.reset(reset_kind::warm);
    CHECK(d.read(0x04, 2) == 0x1111);
    d.set_reset_value<r_mixed, "E">(0x3);
    d.reset(reset_kind::cold);
    CHECK(d.read(0x29, 1) == 0x3);
    CHECK(d.read(0x28, 1) == 0x06);  // other fields of MIXED keep their described reset
}

namespace {
struct reset_log {
    int cold = 0, other = 0;
    constexpr void on_reset(auto&, reset_kind k) { (k == reset_kind::cold ? cold : other)++; }
};
}  // namespace

TEST_CASE("reset hook runs after the registers are reset") {
    device<mmio_zero, reset_log> d;
    d.reset(reset_kind::flr);
    d.reset(reset_kind::cold);
    d.reset(reset_kind::warm);
    CHECK(d.hooks().cold == 1);
    CHECK(d.hooks().other == 2);
}
}  // namespace tests_reset
