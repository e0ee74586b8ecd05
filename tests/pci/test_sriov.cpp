// SPDX-License-Identifier: MIT
// SR-IOV: every register of the capability, NumVFs locked by VF Enable, offset/stride rule,
// VF BAR sizing and addresses, VFs appearing and disappearing with VF Enable.
#include <doctest/doctest.h>

#include "devices.hpp"
#include "support/lspci.hpp"

namespace tests_pci_sriov {

using namespace regspace;
using namespace regspace::test;

namespace {
// A device rule: with ARI, VFs follow the PF directly; without, they start at function 8 (so
// First VF Offset depends on ARI) and the stride is 2 when more than 4 VFs are enabled.
struct routing {
    static constexpr std::uint16_t first_vf_offset(std::uint16_t, bool ari) { return ari ? 1 : 8; }
    static constexpr std::uint16_t vf_stride(std::uint16_t n, bool) { return n > 4 ? 2 : 1; }
};

using vf_bars = p::bars<p::mem64_bar<0x4000, true>, p::mem32_bar<0x1000>>;
using sriov_cap = p::sriov<p::sriov_params{.initial_vfs = 8, .total_vfs = 8, .vf_device_id = 0x10ed,
                                          .function_dependency_link = 0},
                           vf_bars, routing>;
using express = p::pcie<p::pcie_params{.type = p::port_type::endpoint}>;
using vf_cfg = p::config_space<"vf", p::vf_header<nic_id>, p::at<express, 0x40>>;

struct pf_hooks {
    using notified = regspace::notified<p::notice::vfs_changed>;
    p::virtual_functions<vf_cfg::type> vfs;
    int changes = 0;
    template <class Dev>
    void vfs_changed(Dev& pf) {
        ++changes;
        vfs.sync<sriov_cap>(pf);
    }
};
using pf_cfg = p::config_space<"pf", p::type0<nic_id, p::bars<p::mem32_bar<0x20000>>>, p::at<express, 0x40>,
                               p::at<sriov_cap, 0x100>>;
using pf = device<pf_cfg::type, pf_hooks>;
}  // namespace

TEST_CASE("SR-IOV capability: header and read-only registers") {
    pf d;
    static_assert(pf::size == 4096);
    CHECK(d.read(0x100, 4) == 0x00010010);  // ID 0x10, version 1, last
    CHECK(d.read(0x10c, 4) == 0x00080008);  // Initial, Total
    CHECK(d.read(0x114, 4) == 0x00010008);  // offset 8 (no ARI), stride 1
    CHECK(d.read(0x118, 4) == 0x10ed0000);  // VF device ID at 0x11a
    CHECK(d.read(0x11c, 4) == 0x553);
    CHECK(d.read(0x120, 4) == 1);
    for (unsigned off : {0x104u, 0x10cu, 0x118u, 0x11cu}) d.write(off, 4, 0);
    CHECK(d.read(0x10c, 4) == 0x00080008);
    CHECK(d.read(0x118, 4) == 0x10ed0000);
    d.write(0x120, 4, 0x10);
    CHECK(d.read(0x120, 4) == 0x10);  // System Page Size is RW
}

TEST_CASE("SR-IOV: NumVFs writable only while VF Enable is clear, and offset/stride follow the rule") {
    pf d;
    d.write(0x110, 2, 6);
    CHECK(d.read(0x110, 2) == 6);
    CHECK(d.read(0x116, 2) == 2);  // stride 2 for more than 4 VFs
    d.write(0x108, 2, 0x10);       // ARI: offset becomes 1
    CHECK(d.read(0x114, 2) == 1);
    d.write(0x108, 2, 0x19);       // VF Enable + VF MSE, ARI kept
    CHECK(d.read(0x108, 2) == 0x19);
    d.write(0x110, 2, 3);          // locked
    CHECK(d.read(0x110, 2) == 6);
    d.write(0x108, 2, 0x10);       // VF Enable off: unlocked again
    d.write(0x110, 2, 3);
    CHECK(d.read(0x110, 2) == 3);
    CHECK(d.read(0x116, 2) == 1);
}

TEST_CASE("SR-IOV: VF Enable brings up NumVFs config spaces at their routing IDs") {
    pf d;
    d.write(0x110, 2, 4);
    CHECK(d.hooks().vfs.size() == 0);
    d.write(0x108, 2, 0x1);
    REQUIRE(d.hooks().vfs.size() == 4);
    CHECK(d.hooks().vfs.routing_offset(0) == 8);
    CHECK(d.hooks().vfs.routing_offset(3) == 11);
    auto* vf = d.hooks().vfs.at_routing_offset(10);
    REQUIRE(vf != nullptr);
    CHECK(vf->read(0x00, 4) == 0xffffffff);  // VF Vendor/Device ID read FFFFh
    CHECK(vf->read(0x08, 4) == 0x02000003);
    CHECK(vf->read(0x34, 1) == 0x40);
    CHECK(vf->read(0x40, 1) == 0x10);       // its own PCIe capability
    vf->write(0x10, 4, 0xffffffff);
    CHECK(vf->read(0x10, 4) == 0);          // VF BARs are RO zero
    vf->write(0x04, 2, 0xffff);
    CHECK(vf->read(0x04, 2) == 0x0004);     // only BME: no I/O/memory enable, no INTx (§9.3.4.1.3)
    d.write(0x108, 2, 0x0);
    CHECK(d.hooks().vfs.size() == 0);
    d.write(0x110, 2, 9);  // more than TotalVFs: enabling brings up none
    d.write(0x108, 2, 0x1);
    CHECK(d.hooks().vfs.size() == 0);
}

TEST_CASE("SR-IOV: VF BARs size per VF and give each VF its window") {
    pf d;
    for (unsigned off = 0x124; off < 0x13c; off += 4) d.write(off, 4, 0xffffffff);
    CHECK(d.read(0x124, 4) == 0xffffc00c);  // 16 KiB per VF, 64-bit prefetchable
    CHECK(d.read(0x128, 4) == 0xffffffff);
    CHECK(d.read(0x12c, 4) == 0xfffff000);  // 4 KiB per VF
    CHECK(d.read(0x130, 4) == 0);
    d.write(0x124, 4, 0xe0000000);
    d.write(0x128, 4, 0x1);
    d.write(0x12c, 4, 0xd0000000);
    CHECK(p::vf_bar_address<sriov_cap, 0>(d, 0) == 0x1e0000000ull);
    CHECK(p::vf_bar_address<sriov_cap, 0>(d, 3) == 0x1e000c000ull);
    CHECK(p::vf_bar_address<sriov_cap, 2>(d, 2) == 0xd0002000ull);
}

TEST_CASE("lspci decodes the SR-IOV capability as described") {
    REGSPACE_NEEDS_LSPCI();
    pf d;
    d.write(0x110, 2, 4);
    d.write(0x108, 2, 0x9);  // VF Enable, VF MSE
    d.write(0x124, 4, 0xe0000000);
    const std::string out = test::lspci_decode(p::lspci_dump(d, "00:07.0"), "sriov");
    CAPTURE(out);
    CHECK(out.find("Capabilities: [100 v1] Single Root I/O Virtualization (SR-IOV)") != std::string::npos);
    CHECK(out.find("IOVCtl:\tEnable+ Migration- Interrupt- MSE+ ARIHierarchy-") != std::string::npos);
    CHECK(out.find("Initial VFs: 8, Total VFs: 8, Number of VFs: 4, Function Dependency Link: 00") !=
          std::string::npos);
    CHECK(out.find("VF offset: 8, stride: 1, Device ID: 10ed") != std::string::npos);
    CHECK(out.find("Supported Page Size: 00000553, System Page Size: 00000001") != std::string::npos);
    CHECK(out.find("Region 0: Memory at 00000000e0000000 (64-bit, prefetchable)") != std::string::npos);
}

TEST_CASE("SR-IOV: a PF reset (FLR) clears VF Enable and removes the VFs") {
    pf d;
    d.write(0x110, 2, 4);
    d.write(0x108, 2, 0x1);
    REQUIRE(d.hooks().vfs.size() == 4);
    d.write(0x48, 2, 0x8000);  // FLR through the PF's PCIe capability
    CHECK(d.read(0x108, 2) == 0);
    CHECK(d.hooks().vfs.size() == 0);
}

TEST_CASE("SR-IOV: VF BARs align to the System Page Size") {
    pf d;
    d.write(0x120, 4, 0x10);  // 64 KiB pages, set before sizing as Linux does
    for (unsigned off = 0x124; off < 0x130; off += 4) d.write(off, 4, 0xffffffff);
    CHECK(d.read(0x124, 4) == 0xffff000c);  // 16 KiB per VF, but a page is 64 KiB
    CHECK(d.read(0x12c, 4) == 0xffff0000);  // 4 KiB per VF -> 64 KiB
    d.write(0x12c, 4, 0xd0000000);
    CHECK(p::vf_bar_address<sriov_cap, 2>(d, 2) == 0xd0020000ull);  // one page per VF
    d.write(0x120, 4, 0x1);  // back to 4 KiB: the next sizing reads the BAR's own size
    d.write(0x12c, 4, 0xffffffff);
    CHECK(d.read(0x12c, 4) == 0xfffff000);
}
}  // namespace tests_pci_sriov
