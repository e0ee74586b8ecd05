// SPDX-License-Identifier: MIT
// PCI Express capability: endpoint and root port, RW1C status bits, Initiate FLR.
#include <doctest/doctest.h>

#include "devices.hpp"

namespace tests_pci_pcie {

using namespace regspace;
using namespace regspace::test;

namespace {
using ep_cap = p::pcie<p::pcie_params{.type = p::port_type::endpoint, .max_payload_supported = 1,
                                      .flr = true, .max_link_speed = 3, .max_link_width = 4}>;
using rp_cap = p::pcie<p::pcie_params{.type = p::port_type::root_port, .max_link_speed = 2,
                                      .max_link_width = 1, .port_number = 3, .slot = true,
                                      .physical_slot = 5}>;
using nf_cap = p::pcie<p::pcie_params{.flr = false}>;
using ep = p::config_space<"ep", p::type0<nic_id, p::bars<p::mem32_bar<4096>>>, p::at<nic_pm, 0x40>,
                           p::at<ep_cap, 0x80>>;
using rp = p::config_space<"rp", p::type0<nic_id>, p::at<rp_cap, 0x40>>;
using nf = p::config_space<"nf", p::type0<nic_id>, p::at<nf_cap, 0x40>>;

struct reset_seen {
    int flr = 0;
    void on_reset(auto&, reset_kind k) { flr += k == reset_kind::flr; }
};
}  // namespace

TEST_CASE("PCIe endpoint: capability registers read as described") {
    device<ep::type> d;
    CHECK(d.read(0x80, 4) == 0x00020010);  // ID, last, version 2, endpoint
    CHECK(d.read(0x84, 4) == 0x10008001);  // MPSS 256, RBER, FLR
    CHECK(d.read(0x88, 2) == 0x2810);      // ERO, ENS, MRRS 512
    CHECK(d.read(0x8c, 4) == 0x00000043);  // 8 GT/s x4
    CHECK(d.read(0x92, 2) == 0x0043);
    CHECK(d.read(0xac, 4) == 0x0000000e);  // speeds 2.5, 5, 8
    d.write(0x84, 4, 0);
    CHECK(d.read(0x84, 4) == 0x10008001);
    d.write(0x94, 4, 0xffffffff);  // no slot on an endpoint
    CHECK(d.read(0x94, 4) == 0);
}

TEST_CASE("PCIe: Device Control RW bits, Device and Link Status RW1C") {
    device<ep::type> d;
    d.write(0x88, 2, 0x7fff);
    CHECK(d.read(0x88, 2) == 0x7fff);
    d.set<ep_cap::devsta, "CED">(1);
    d.set<ep_cap::devsta, "URD">(1);
    d.set<ep_cap::devsta, "TP">(1);
    CHECK(d.read(0x8a, 2) == 0x29);
    d.write(0x8a, 2, 0x0001);
    CHECK(d.read(0x8a, 2) == 0x28);
    d.write(0x8a, 2, 0xffff);
    CHECK(d.read(0x8a, 2) == 0x20);  // TP is RO
    d.set<ep_cap::lnksta, "LBMS">(1);
    d.write(0x90, 4, 0x40000000);  // dword over LNKCTL/LNKSTA: clears LBMS, LNKCTL <- 0
    CHECK(d.read(0x92, 2) == 0x0043);
}

TEST_CASE("PCIe: Initiate FLR resets the function, keeps sticky bits, reads 0") {
    device<ep::type, reset_seen> d;
    d.write(0x04, 2, 0x0006);
    d.write(0x10, 4, 0xfebf0000);
    d.write(0x44, 2, 0x0100);               // PME_En (sticky)
    d.set<nic_pm::pmcsr, "PME_STATUS">(1);  // sticky
    d.write(0x88, 2, 0x00e0);               // MPS
    d.write(0xb0, 2, 0x1);                  // LNKCTL2 target speed (sticky)
    d.write(0x88, 2, 0x8000 | 0x00e0);      // Initiate FLR
    CHECK(d.hooks().flr == 1);
    CHECK(d.read(0x04, 2) == 0);
    CHECK(d.read(0x10, 4) == 0);
    CHECK(d.read(0x88, 2) == 0x2810);       // back to reset, and the FLR bit reads 0
    CHECK(d.read(0x44, 2) == 0x8108);       // sticky PME bits survive
    CHECK(d.read(0xb0, 2) == 0x1);
    d.write(0x88, 2, 0x00e0);               // without bit 15: no reset
    CHECK(d.hooks().flr == 1);
    CHECK(d.read(0x88, 2) == 0x00e0);
}

TEST_CASE("PCIe: no FLR advertised, bit 15 is reserved and nothing resets") {
    device<nf::type, reset_seen> d;
    CHECK((d.read(0x44, 4) & (1u << 28)) == 0);
    d.write(0x04, 2, 0x2);
    d.write(0x48, 2, 0x8000);
    CHECK(d.hooks().flr == 0);
    CHECK(d.read(0x04, 2) == 0x2);
    CHECK(d.read(0x48, 2) == 0);
}

TEST_CASE("PCIe root port: slot, link disable and root status") {
    device<rp::type> d;
    CHECK(d.read(0x40, 4) == 0x01420010);  // root port, slot implemented
    CHECK(d.read(0x4c, 4) == 0x03100012);  // port 3, DLLLARC, x1 5 GT/s
    CHECK(d.read(0x54, 4) == (5u << 19));  // physical slot 5 (HwInit)
    d.write(0x54, 4, 0);
    CHECK(d.read(0x54, 4) == (5u << 19));
    d.write(0x50, 2, 0x0010);              // link disable is RW on a root port
    CHECK(d.read(0x50, 2) == 0x0010);
    d.set<rp_cap::rootsta, "PME_STATUS">(1);
    d.write(0x60, 4, 0x00010000);
    CHECK(d.read(0x60, 4) == 0);
    d.set<rp_cap::slotsta, "DLLSC">(1);
    d.write(0x5a, 2, 0x0100);
    CHECK(d.read(0x5a, 2) == 0);
}

TEST_CASE("PCIe review fixes: root ports have no FLR, hardwired fields stay hardwired") {
    using rp_flr = p::pcie<p::pcie_params{.type = p::port_type::root_port, .flr = true}>;
    using rpf = p::config_space<"rpf", p::type0<nic_id>, p::at<rp_flr, 0x40>>;
    device<rpf::type, reset_seen> d;
    CHECK((d.read(0x44, 4) & (1u << 28)) == 0);  // FLR applies to endpoints only (§7.5.3.3)
    d.write(0x04, 2, 0x2);
    d.write(0x48, 2, 0x8000);
    CHECK(d.hooks().flr == 0);
    CHECK(d.read(0x04, 2) == 0x2);
    CHECK(d.read(0x5a, 2) == 0x0040);            // no slot: Presence Detect State hardwired 1
    d.write(0x5c, 2, 0x1f);
    CHECK(d.read(0x5c, 2) == 0x0f);              // CRS SW visibility not advertised
    d.write(0x68, 2, 0x1f);
    CHECK(d.read(0x68, 2) == 0x10);              // Completion Timeout Value hardwired 0
}
}  // namespace tests_pci_pcie
