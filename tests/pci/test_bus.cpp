// SPDX-License-Identifier: MIT
// A bus of functions: empty slots master-abort, Secondary Bus Reset hot-resets what is behind.
#include <doctest/doctest.h>

#include "devices.hpp"

using namespace regspace;
using namespace regspace::test;

namespace {
constexpr p::identity bridge_id{.vendor = 0x1b36, .device = 0x000c, .class_code = 0x060400};
using bridge = p::config_space<"bridge", p::type1<bridge_id>>;
}  // namespace

TEST_CASE("bus: config accesses by devfn, empty slots read all-ones") {
    p::bus b;
    device<nic::type> nic0;
    b.attach(0x10, nic0);  // 02.0
    CHECK(b.config_read(0x10, 0, 4) == 0x10d38086);
    CHECK(b.config_read(0x18, 0, 4) == 0xffffffff);
    CHECK(b.config_read(0x18, 0, 2) == 0xffff);
    b.config_write(0x18, 4, 2, 0x6);  // vanishes
    b.config_write(0x10, 4, 2, 0x6);
    CHECK(nic0.read(4, 2) == 0x6);
    b.detach(0x10);
    CHECK(!b.present(0x10));
}

TEST_CASE("Secondary Bus Reset hot-resets every function behind the bridge, recursively") {
    p::bus root, below, further;
    device<bridge::type, p::bridge_hooks> br(p::bridge_hooks{&below});
    device<bridge::type, p::bridge_hooks> br2(p::bridge_hooks{&further});
    device<nic::type> a, c;
    root.attach(0x08, br, &below);
    below.attach(0x00, a);
    below.attach(0x08, br2, &further);
    further.attach(0x00, c);
    a.write(0x10, 4, 0xfe000000);
    c.write(0x10, 4, 0xfd000000);
    br2.write(0x18, 4, 0x00030302);
    a.set<nic_pm::pmcsr, "PME_STATUS">(1);  // sticky: survives a hot reset
    br.write(0x18, 4, 0x00030100);
    br.write(0x3e, 2, 0x0040);  // SBR
    CHECK(a.read(0x10, 4) == 0);
    CHECK(c.read(0x10, 4) == 0);
    CHECK(br2.read(0x18, 4) == 0);               // the bridge below is reset too
    CHECK(a.get<nic_pm::pmcsr, "PME_STATUS">() == 1);
    CHECK(br.read(0x18, 4) == 0x00030100);       // the bridge itself keeps its state
    CHECK(br.read(0x3e, 2) == 0x0040);
}
