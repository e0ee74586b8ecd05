// SPDX-License-Identifier: MIT
// Reset methods and their reports to the platform: FLR, PM D3hot->D0, Secondary Bus Reset.
#include <doctest/doctest.h>

#include <vector>

#include "devices.hpp"

namespace tests_pci_resets {

using namespace regspace;
using namespace regspace::test;

namespace {
struct reporter {
    using notified = regspace::notified<p::notice::reset>;
    std::vector<p::reset_method> methods;
    std::vector<reset_kind> kinds;
    void pci_reset(p::reset_method m) { methods.push_back(m); }
    void on_reset(auto&, reset_kind k) { kinds.push_back(k); }
};
using soft_pm = p::pm<p::pm_params{.pme_support = 0x18, .no_soft_reset = false}>;
using express = p::pcie<p::pcie_params{.flr = true}>;
using ep = p::config_space<"ep", p::type0<nic_id, p::bars<p::mem32_bar<4096>>>, p::at<soft_pm, 0x40>,
                           p::at<express, 0x50>>;
constexpr p::identity bridge_id{.vendor = 0x1b36, .device = 0x000c, .class_code = 0x060400};
using bridge = p::config_space<"bridge", p::type1<bridge_id>>;
}  // namespace

TEST_CASE("FLR is reported as such, then resets") {
    device<ep::type, reporter> d;
    d.write(0x58, 2, 0x8000);
    REQUIRE(d.hooks().methods.size() == 1);
    CHECK(d.hooks().methods[0] == p::reset_method::flr);
    CHECK(d.hooks().kinds == std::vector<reset_kind>{reset_kind::flr});
}

namespace {
struct counter {
    int resets = 0;
    void on_reset(auto&, reset_kind) { ++resets; }
};
}  // namespace

TEST_CASE("a reset is reported to every part of a hook_set that takes it") {
    device<ep::type, hook_set<counter, reporter>> d;
    d.write(0x58, 2, 0x8000);
    CHECK(d.hooks().get<reporter>().methods == std::vector<p::reset_method>{p::reset_method::flr});
    CHECK(d.hooks().get<reporter>().kinds == std::vector<reset_kind>{reset_kind::flr});
    CHECK(d.hooks().get<counter>().resets == 1);
}

TEST_CASE("PM D3hot to D0 without No_Soft_Reset resets the function") {
    device<ep::type, reporter> d;
    d.write(0x10, 4, 0xfe000000);
    d.write(0x44, 2, 0x0103);  // D3hot, PME_En
    CHECK(d.hooks().methods.empty());
    CHECK(d.read(0x10, 4) == 0xfe000000);  // D0 -> D3hot keeps state
    d.write(0x44, 2, 0x0100);              // D3hot -> D0: internal reset
    REQUIRE(d.hooks().methods.size() == 1);
    CHECK(d.hooks().methods[0] == p::reset_method::pm_d3hot_to_d0);
    CHECK(d.read(0x10, 4) == 0);
    CHECK(d.read(0x44, 2) == 0x0100);      // back in D0; sticky PME_En kept
    // With No_Soft_Reset set (the nic's PM), D3hot -> D0 keeps everything.
    device<nic::type, reporter> n;
    n.write(0x10, 4, 0xfe000000);
    n.write(0x44, 2, 0x3);
    n.write(0x44, 2, 0x0);
    CHECK(n.hooks().methods.empty());
    CHECK(n.read(0x10, 4) == 0xfe000000);
}

TEST_CASE("Secondary Bus Reset is reported on its rising edge, and the bridge keeps its state") {
    device<bridge::type, reporter> d;
    d.write(0x18, 4, 0x00020100);
    d.write(0x3e, 2, 0x0040);
    d.write(0x3e, 2, 0x0040);  // still set: no second report
    REQUIRE(d.hooks().methods.size() == 1);
    CHECK(d.hooks().methods[0] == p::reset_method::secondary_bus_reset);
    CHECK(d.hooks().kinds.empty());
    CHECK(d.read(0x18, 4) == 0x00020100);
    d.write(0x3e, 2, 0);
    d.write(0x3e, 2, 0x0040);
    CHECK(d.hooks().methods.size() == 2);
}
}  // namespace tests_pci_resets
