// SPDX-License-Identifier: MIT
// A bus of functions: empty slots master-abort, Secondary Bus Reset hot-resets what is behind.
#include <doctest/doctest.h>

#include "devices.hpp"

namespace tests_pci_bus {

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

TEST_CASE("bus: a function without power answers as an absent one and forwards nothing, until it has power") {
    p::bus b, below;
    device<nic::type> nic0, behind;
    device<bridge::type> br;
    bool power = false;
    b.attach(0x10, nic0);
    b.attach(0x18, br, &below);
    below.attach(0x00, behind);
    br.write(0x18, 4, 0x00010100);  // primary 0, secondary 1, subordinate 1
    for (const unsigned devfn : {0x10u, 0x18u}) {
        p::bus::function f = b.at(devfn);
        f.powered = [&power] { return power; };
        b.attach(devfn, std::move(f));
    }
    CHECK(b.present(0x10));  // still attached
    CHECK(b.config_read(0x10, 0, 4) == 0xffffffff);
    CHECK(b.config_peek(0x10, 0, 2) == 0xffff);
    b.config_write(0x10, 4, 2, 0x6);
    CHECK(nic0.read(4, 2) == 0);  // the write never reached it
    CHECK(b.route(0, 1, 0x00) == nullptr);
    CHECK(b.config_read(0, 1, 0x00, 0, 4) == 0xffffffff);
    std::vector<explanation> why;
    {
        const p::bus::explaining scope(&b, &why);
        CHECK(b.config_read(0x10, 0, 4) == 0xffffffff);
        b.config_write(0x10, 4, 2, 0x6);
    }
    REQUIRE(why.size() == 2);
    CHECK(why[0].registers.empty());  // nothing reached a register
    CHECK(why[1].write);
    CHECK(why[1].registers.empty());
    CHECK(nic0.read(4, 2) == 0);
    power = true;
    CHECK(b.config_read(0x10, 0, 4) == 0x10d38086);
    b.config_write(0x10, 4, 2, 0x6);
    CHECK(nic0.read(4, 2) == 0x6);
    CHECK(b.route(0, 1, 0x00) == &below);
    CHECK(b.config_read(0, 1, 0x00, 0, 4) == 0x10d38086);
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

namespace {
// A root port, a switch (upstream port, downstream port with ARI forwarding) and endpoints.
using root_port = p::config_space<"root port", p::type1<bridge_id>,
    p::at<p::pcie<p::pcie_params{.type = p::port_type::root_port, .slot = true, .hot_plug = true}>, 0x40>>;
using upstream = p::config_space<"upstream", p::type1<bridge_id>,
    p::at<p::pcie<p::pcie_params{.type = p::port_type::upstream_port}>, 0x40>>;
using downstream = p::config_space<"downstream", p::type1<bridge_id>,
    p::at<p::pcie<p::pcie_params{.type = p::port_type::downstream_port, .ari_forwarding = true}>, 0x40>>;
}  // namespace

TEST_CASE("config accesses are forwarded through bridges by secondary and subordinate bus number") {
    p::bus bus0, bus1, bus2, bus3;
    device<root_port::type> rp;
    device<upstream::type> usp;
    device<downstream::type> dsp;
    device<nic::type> ep, ep_fn8, legacy;
    bus0.attach(0x08, rp, &bus1);   // 00:01.0
    bus1.attach(0x00, usp, &bus2);  // 01:00.0
    bus2.attach(0x00, dsp, &bus3);  // 02:00.0
    bus3.attach(0x00, ep);          // 03:00.0
    bus3.attach(0x08, ep_fn8);      // devfn 8: device 1 without ARI, function 8 with it
    // Unprogrammed bridges forward nothing.
    CHECK(bus0.config_read(0, 3, 0x00, 0, 4) == 0xffffffff);
    rp.write(0x18, 4, 0x00030100);   // primary 0, secondary 1, subordinate 3
    usp.write(0x18, 4, 0x00030201);
    dsp.write(0x18, 4, 0x00030302);
    CHECK(bus0.config_read(0, 1, 0x00, 0, 4) == (0x000c1b36u));  // the upstream port, type 0 on bus 1
    CHECK(bus0.config_read(0, 3, 0x00, 0, 4) == 0x10d38086);      // the endpoint, two bridges down
    bus0.config_write(0, 3, 0x00, 0x04, 2, 0x0002);
    CHECK(ep.read(0x04, 2) == 0x2);
    CHECK(bus0.config_read(0, 4, 0x00, 0, 4) == 0xffffffff);       // past every subordinate
    // Below a PCIe port only device 0 answers, until ARI Forwarding Enable is set.
    CHECK(bus0.config_read(0, 3, 0x08, 0, 4) == 0xffffffff);
    bus0.config_write(0, 3, 0x08, 0x04, 2, 0x0002);
    CHECK(ep_fn8.read(0x04, 2) == 0);
    dsp.write(0x68, 2, 0x0020);
    CHECK(bus0.config_read(0, 3, 0x08, 0, 4) == 0x10d38086);
    CHECK(bus0.route(0, 3, 0x08) == &bus3);
    // A conventional bridge (no PCIe capability) forwards every device number.
    p::bus under;
    device<bridge::type> pci_bridge;
    bus3.attach(0x10, pci_bridge, &under);
    under.attach(0x18, legacy);
    pci_bridge.write(0x18, 4, 0x00050403);
    dsp.write(0x18, 4, 0x00050302);
    usp.write(0x18, 4, 0x00050201);
    rp.write(0x18, 4, 0x00050100);
    CHECK(bus0.config_read(0, 4, 0x18, 0, 4) == 0x10d38086);
}

TEST_CASE("bridge windows: I/O, memory and prefetchable as the platform routes them") {
    device<bridge::type> br;
    // At reset base and limit are 0: the window 0-FFFFFh is open (base <= limit), but nothing is
    // forwarded while Memory Space Enable is clear.
    CHECK(p::decode_windows(br).memory.open);
    CHECK_FALSE(p::decode_windows(br).memory.forwarding);
    br.write(0x1c, 2, 0xe0d0);         // I/O d000-efff
    br.write(0x30, 4, 0x00010001);     // upper 16 bits: 1 for both
    br.write(0x20, 4, 0xfe90fe80);     // memory fe800000-fe9fffff
    br.write(0x24, 4, 0x1ff11001);     // prefetchable 1000_0000 - 1fff_ffff ...
    br.write(0x28, 4, 0x00000008);     // ... + 8 << 32
    br.write(0x2c, 4, 0x00000008);
    br.write(0x3e, 2, 0x0008);         // VGA enable
    p::bridge_windows w = p::decode_windows(br);
    CHECK(w.io.base == 0x1d000);
    CHECK(w.io.limit == 0x1efff);
    CHECK(w.memory.base == 0xfe800000);
    CHECK(w.memory.limit == 0xfe9fffff);
    CHECK(w.prefetchable.base == 0x810000000ull);
    CHECK(w.prefetchable.limit == 0x81fffffffull);
    CHECK(w.vga);
    CHECK(w.memory.open);
    CHECK_FALSE(w.memory.forwarding);  // Command's Memory Space Enable is clear
    br.write(0x04, 2, 0x0003);
    w = p::decode_windows(br);
    CHECK(w.memory.forwarding);
    CHECK(w.io.forwarding);
    br.write(0x20, 4, 0x0000fff0);     // base above limit: closed
    CHECK_FALSE(p::decode_windows(br).memory.open);
}
}  // namespace tests_pci_bus
