// SPDX-License-Identifier: MIT
// The dump writer checked by an independent decoder: the real `lspci -F FILE -vvv`.
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>

#include "devices.hpp"
#include "support/lspci.hpp"

namespace tests_pci_lspci {

using namespace regspace;
using namespace regspace::test;

TEST_CASE("lspci decodes the header, BARs, PM and MSI as described") {
    REGSPACE_NEEDS_LSPCI();
    device<nic::type> d;
    d.write(0x10, 4, 0xfebc0000);
    d.write(0x14, 4, 0xc000);
    d.write(0x18, 4, 0xfe000000);
    d.write(0x04, 2, 0x0007);
    d.write(0x52, 2, 0x0031);  // MSI enable, 8 vectors enabled
    d.write(0x54, 4, 0xfee00000);
    d.write(0x5c, 2, 0x4021);
    d.set<nic_pm::pmcsr, "PME_STATUS">(1);
    const std::string out = lspci_decode(p::lspci_dump(d, "00:03.0"), "nic");
    CAPTURE(out);
    CHECK(out.find("00:03.0 Ethernet controller") != std::string::npos);
    CHECK(out.find("Control: I/O+ Mem+ BusMaster+") != std::string::npos);
    CHECK(out.find("Status: Cap+") != std::string::npos);
    CHECK(out.find("Region 0: Memory at febc0000 (32-bit, non-prefetchable)") != std::string::npos);
    CHECK(out.find("Region 1: I/O ports at c000") != std::string::npos);
    CHECK(out.find("Region 2: Memory at fe000000 (64-bit, prefetchable)") != std::string::npos);
    CHECK(out.find("Subsystem: Red Hat, Inc.") != std::string::npos);
    CHECK(out.find("Capabilities: [40] Power Management version 3") != std::string::npos);
    CHECK(out.find("D1- D2+ AuxCurrent=0mA") != std::string::npos);
    CHECK(out.find("PME-Enable- DSel=0 DScale=0 PME+") != std::string::npos);
    CHECK(out.find("PME(D0+,D1-,D2-,D3hot+,D3cold+)") != std::string::npos);
    CHECK(out.find("NoSoftRst+") != std::string::npos);
    CHECK(out.find("Capabilities: [50] MSI: Enable+ Count=8/8 Maskable+ 64bit+") != std::string::npos);
    CHECK(out.find("Address: 00000000fee00000  Data: 4021") != std::string::npos);
}

TEST_CASE("lspci sees each MSI layout's count, maskability and address width") {
    REGSPACE_NEEDS_LSPCI();
    device<msi_only<4, false, false>::type> a;
    const std::string oa = lspci_decode(p::lspci_dump(a, "00:04.0"), "msi32");
    CAPTURE(oa);
    CHECK(oa.find("MSI: Enable- Count=1/4 Maskable- 64bit-") != std::string::npos);
    device<msi_only<32, true, true>::type> b;
    const std::string ob = lspci_decode(p::lspci_dump(b, "00:05.0"), "msi64");
    CAPTURE(ob);
    CHECK(ob.find("MSI: Enable- Count=1/32 Maskable+ 64bit+") != std::string::npos);
}

namespace {
using express_cap = p::pcie<p::pcie_params{.type = p::port_type::endpoint, .max_payload_supported = 1,
                                           .flr = true, .max_link_speed = 3, .max_link_width = 4}>;
using msix40 = p::msix::capability<p::msix::params{.vectors = 40, .table_bir = 4, .table_offset = 0,
                                                   .pba_bir = 4, .pba_offset = 0x800, .bar_size = 0x1000}>;
using express_fn = p::config_space<"express", p::type0<nic_id, p::bars<p::mem32_bar<4096>>>,
                                   p::at<nic_pm, 0x40>, p::at<msix40, 0x50>, p::at<express_cap, 0x60>>;
}  // namespace

TEST_CASE("lspci decodes the PCI Express and MSI-X capabilities as described") {
    REGSPACE_NEEDS_LSPCI();
    device<express_fn::type> d;
    d.write(0x52, 2, 0x8000);  // MSI-X enable
    const std::string out = lspci_decode(p::lspci_dump(d, "00:06.0"), "express");
    CAPTURE(out);
    CHECK(out.find("Capabilities: [50] MSI-X: Enable+ Count=40 Masked-") != std::string::npos);
    CHECK(out.find("Vector table: BAR=4 offset=00000000") != std::string::npos);
    CHECK(out.find("PBA: BAR=4 offset=00000800") != std::string::npos);
    CHECK(out.find("Capabilities: [60] Express (v2) Endpoint") != std::string::npos);
    CHECK(out.find("DevCap:\tMaxPayload 256 bytes") != std::string::npos);
    CHECK(out.find("FLReset+") != std::string::npos);
    CHECK(out.find("MaxPayload 128 bytes, MaxReadReq 512 bytes") != std::string::npos);
    CHECK(out.find("LnkCap:\tPort #0, Speed 8GT/s, Width x4") != std::string::npos);
}

TEST_CASE("lspci decodes a type 1 header's bus numbers and windows") {
    REGSPACE_NEEDS_LSPCI();
    constexpr p::identity bridge_id{.vendor = 0x1b36, .device = 0x000c, .class_code = 0x060400};
    using bridge = p::config_space<"bridge", p::type1<bridge_id>>;
    device<bridge::type> d;
    d.write(0x18, 4, 0x00050100);
    d.write(0x1c, 2, 0xe0d0);      // I/O d000-efff
    d.write(0x20, 4, 0xfe90fe80);  // memory fe800000-fe9fffff
    const std::string out = lspci_decode(p::lspci_dump(d, "00:1c.0"), "bridge");
    CAPTURE(out);
    CHECK(out.find("PCI bridge") != std::string::npos);
    CHECK(out.find("Bus: primary=00, secondary=01, subordinate=05") != std::string::npos);
    CHECK(out.find("I/O behind bridge: 0000d000-0000efff [size=8K] [32-bit]") != std::string::npos);
    CHECK(out.find("Memory behind bridge: fe800000-fe9fffff [size=2M] [32-bit]") != std::string::npos);
    CHECK(out.find("Prefetchable memory behind bridge: 0000000000000000-00000000000fffff [size=1M] [64-bit]") !=
          std::string::npos);
}
}  // namespace tests_pci_lspci
