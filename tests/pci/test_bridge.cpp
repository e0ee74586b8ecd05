// SPDX-License-Identifier: MIT
// Type 1 header: bus numbers, windows, secondary status, bridge control.
#include <doctest/doctest.h>

#include "devices.hpp"

namespace tests_pci_bridge {

using namespace regspace;
using namespace regspace::test;

namespace {
constexpr p::identity bridge_id{.vendor = 0x1b36, .device = 0x000c, .class_code = 0x060400};
using bridge = p::config_space<"bridge", p::type1<bridge_id, p::bars<p::mem32_bar<4096>>>,
                               p::at<p::pcie<p::pcie_params{.type = p::port_type::root_port}>, 0x40>>;
}  // namespace

TEST_CASE("type 1 header: layout, bus numbers and windows") {
    device<bridge::type> d;
    CHECK(d.read(0x0e, 1) == 0x01);
    CHECK(d.read(0x08, 4) == 0x06040000);
    d.write(0x18, 4, 0x00050100);  // primary 0, secondary 1, subordinate 5
    CHECK(d.read(0x18, 4) == 0x00050100);
    d.write(0x10, 4, 0xffffffff);
    CHECK(d.read(0x10, 4) == 0xfffff000);
    d.write(0x14, 4, 0xffffffff);  // no second BAR
    CHECK(d.read(0x14, 4) == 0);
    d.write(0x1c, 2, 0xffff);
    CHECK(d.read(0x1c, 2) == 0xf1f1);
    d.write(0x20, 4, 0xffffffff);
    CHECK(d.read(0x20, 4) == 0xfff0fff0);
    d.write(0x24, 4, 0xffffffff);
    CHECK(d.read(0x24, 4) == 0xfff1fff1);
    d.write(0x28, 4, 0x1);
    CHECK(d.read(0x28, 4) == 0x1);
    d.write(0x30, 4, 0xffffffff);
    CHECK(d.read(0x30, 4) == 0xffffffff);
    CHECK(d.read(0x34, 1) == 0x40);
}

TEST_CASE("type 1 header: secondary status RW1C and bridge control") {
    device<bridge::type> d;
    d.set<p::type1<bridge_id, p::bars<p::mem32_bar<4096>>>::secsts, "RMA">(1);
    CHECK(d.read(0x1e, 2) == 0x2000);
    d.write(0x1c, 4, 0x20000000);
    CHECK(d.read(0x1e, 2) == 0);
    d.write(0x3e, 2, 0xffff);
    CHECK(d.read(0x3e, 2) == 0x007f);
    d.reset(reset_kind::warm);
    CHECK(d.read(0x3e, 2) == 0);
    CHECK(d.read(0x18, 4) == 0);
}
}  // namespace tests_pci_bridge
