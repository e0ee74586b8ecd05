// SPDX-License-Identifier: MIT
// Configuration access through host controllers that are not ECAM compliant
// (pci/host_access.hpp): 32-bit-only writes as read-modify-write with the RW1C hazard named,
// 32-bit-only reads, root-bus slot filtering, and a per-access configuration window.
#include <doctest/doctest.h>

#include <vector>

#include "devices.hpp"

namespace tests_pci_host_access {

using namespace regspace;
using namespace regspace::test;

namespace {
constexpr p::identity ep_id{.vendor = 0x1234, .device = 0x0010, .class_code = 0xff0000};
using endpoint = p::config_space<"endpoint", p::type0<ep_id>, p::at<p::pcie<p::pcie_params{}>, 0x40>>;
using status = endpoint::header::status;
using express = p::pcie<p::pcie_params{}>;
}  // namespace

TEST_CASE("32-bit-only writes: a byte write to Command clears Status's RW1C bits, and the trace names them") {
    p::bus root;
    device<endpoint::type> d;
    root.attach(0x00, d);
    d.set<status, "RMA">(1);  // a master abort the driver has not looked at yet
    d.set<express::devsta, "CED">(1);

    // A compliant host: the byte write reaches Command alone.
    p::host_bridge ecam(root, p::host_quirks{});
    ecam.config_write(0, 0x00, 0x04, 1, 0x02);
    CHECK(d.read(0x04, 2) == 0x0002);
    CHECK(d.get<status, "RMA">() == 1);

    // QDF2432-style: dword writes only. The merged dword writes Status's set bit back as 1.
    p::host_bridge narrow(root, p::host_quirks{.writes_32bit = true});
    narrow.explain = true;
    std::vector<p::rmw_event> seen;
    narrow.on_rmw = [&](const p::rmw_event& e) { seen.push_back(e); };
    narrow.config_write(0, 0x00, 0x04, 1, 0x06);
    CHECK(d.read(0x04, 2) == 0x0006);
    CHECK(d.get<status, "RMA">() == 0);  // lost
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].offset == 0x04);
    CHECK(seen[0].target_offset == 0x04);
    CHECK(seen[0].target_size == 1);
    CHECK(seen[0].read == 0x20100002);   // Status: RMA, capability list; Command: MSE
    CHECK(seen[0].written == 0x20100006);
    CHECK(seen[0].cleared == std::vector<p::rmw_clear>{{"STATUS", "RMA", 1}});
    // The same in the PCI Express capability: Device Control's byte, Device Status's RW1C bit.
    seen.clear();
    narrow.config_write(0, 0x00, 0x48, 1, 0x1f);
    CHECK(d.get<express::devsta, "CED">() == 0);
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].cleared == std::vector<p::rmw_clear>{{"DEVSTA", "CED", 1}});
    // A write of the RW1C register itself is what the caller asked for: no accident reported.
    d.set<status, "RMA">(1);
    seen.clear();
    narrow.config_write(0, 0x00, 0x06, 2, 0x2000);
    CHECK(d.get<status, "RMA">() == 0);
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].cleared.empty());
    // Without explain the write still happens and is still reported, unnamed.
    d.set<status, "RMA">(1);
    narrow.explain = false;
    seen.clear();
    narrow.config_write(0, 0x00, 0x05, 1, 0x00);
    CHECK(d.get<status, "RMA">() == 0);
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].cleared.empty());
    // A dword write is passed through as it is.
    seen.clear();
    narrow.config_write(0, 0x00, 0x04, 4, 0x00000000);
    CHECK(seen.empty());
    // A word write across two dwords: two read-modify-writes.
    narrow.config_write(0, 0x00, 0x3f, 2, 0xffff);
    CHECK(seen.size() == 2);
}

TEST_CASE("32-bit-only reads: narrow reads are cut from dword reads, and answer the same") {
    p::bus root;
    device<endpoint::type> d;
    root.attach(0x00, d);
    std::vector<unsigned> sizes;  // what the function saw
    p::bus::function f = root.at(0x00);
    f.read = [&](unsigned off, unsigned size) {
        sizes.push_back(size);
        return d.read(off, size);
    };
    root.attach(0x00, std::move(f));
    p::host_bridge altra(root, p::host_quirks{.reads_32bit = true});
    CHECK(altra.config_read(0, 0x00, 0x02, 2) == 0x0010);
    CHECK(altra.config_read(0, 0x00, 0x0b, 1) == 0xff);
    CHECK(altra.config_read(0, 0x00, 0x00, 4) == 0x00101234);
    for (unsigned s : sizes) CHECK(s == 4);
    CHECK(sizes.size() == 2 + 1 + 4);  // byte by byte from its dword
}

TEST_CASE("root-bus slot filtering: the DesignWare core decodes only device 0 on its own bus") {
    p::bus root;
    device<endpoint::type> port, alias;
    root.attach(0x00, port);
    root.attach(0x08, alias);  // device 1: what the unfiltered core would alias onto device 0
    p::host_bridge dw(root, p::host_quirks{.root_bus_devices = 1});
    CHECK(dw.config_read(0, 0x00, 0x00, 4) == 0x00101234);
    CHECK(dw.config_read(0, 0x08, 0x00, 4) == 0xffffffff);
    dw.config_write(0, 0x08, 0x04, 2, 0x0006);
    CHECK(alias.read(0x04, 2) == 0);
    p::host_bridge all(root, p::host_quirks{});
    CHECK(all.config_read(0, 0x08, 0x00, 4) == 0x00101234);
}

TEST_CASE("a per-access configuration window reaches what it was last pointed at, a stale target included") {
    p::bus root, below;
    constexpr p::identity bridge_id{.vendor = 0x1b36, .device = 0x000c, .class_code = 0x060400};
    using port_cfg = p::config_space<"port", p::type1<bridge_id>,
                                     p::at<p::pcie<p::pcie_params{.type = p::port_type::root_port}>, 0x40>>;
    device<port_cfg::type> rp;
    device<endpoint::type> ep;
    root.attach(0x00, rp, &below);
    below.attach(0x00, ep);
    rp.write(0x18, 4, 0x00010100);
    p::config_window w(root);
    w.select(0, 0x00);
    CHECK(w.read(0x00, 4) == 0x000c1b36);
    w.select(1, 0x00);  // CFG0 to the bus below the root port
    CHECK(w.read(0x00, 4) == 0x00101234);
    w.write(0x04, 2, 0x0002);
    CHECK(ep.read(0x04, 2) == 0x0002);
    // The driver meant the root port's Command but did not reprogram the window: the endpoint
    // takes the write.
    w.write(0x04, 2, 0x0006);
    CHECK(ep.read(0x04, 2) == 0x0006);
    CHECK(rp.read(0x04, 2) == 0x0000);
    CHECK(w.selects() == 2);
    CHECK(w.selected_bus() == 1);
}
}  // namespace tests_pci_host_access
