// SPDX-License-Identifier: MIT
// Passthrough view: allowlisted capabilities, relinked chains, read-only undescribed bytes
// (XSA-131), preserved reserved bits, hidden extended space, and dumps with broken chains.
#include <doctest/doctest.h>

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "devices.hpp"

namespace tests_pci_passthrough {

using namespace regspace;
using namespace regspace::test;

namespace {
// The "real device": a regspace function with PM (0x40) -> MSI (0x50) -> PCIe (0x70) and
// SR-IOV at 0x100, dumped and loaded back the way a hypervisor would read the hardware.
using express = p::pcie<p::pcie_params{.flr = true}>;
using iov = p::sriov<p::sriov_params{.initial_vfs = 2, .total_vfs = 2}>;
using real_fn = p::config_space<"real", p::type0<nic_id, p::bars<p::mem32_bar<4096>>>, p::at<nic_pm, 0x40>,
                                p::at<nic_msi, 0x50>, p::at<express, 0x70>, p::at<iov, 0x100>>;

p::config_dump real_dump() {
    device<real_fn::type> d;
    return p::config_dump::parse(p::lspci_dump(d, "00:03.0"));
}
}  // namespace

TEST_CASE("dump round trip: lspci format in, the same bytes out") {
    device<real_fn::type> d;
    const p::config_dump dump = real_dump();
    CHECK(dump.length() == 4096);
    for (unsigned off = 0; off < 4096; off += 4) REQUIRE(dump.read(off, 4) == d.peek(off, 4));
}

TEST_CASE("only allowlisted capabilities are visible, chains relinked") {
    p::config_dump dump = real_dump();
    p::passthrough_view<p::config_dump> v(&dump, {0x10, 0x01});  // PCIe and PM; MSI hidden
    CHECK(v.read(0x34, 1) == 0x40);
    CHECK(v.read(0x41, 1) == 0x70);  // PM -> PCIe, skipping MSI
    CHECK(v.read(0x71, 1) == 0x00);
    CHECK(v.read(0x50, 4) == 0);     // MSI's bytes are hidden
    CHECK(v.read(0x100, 4) == 0);    // extended space hidden: SR-IOV not allowed
    CHECK(v.read(0x00, 4) == 0x10d38086);
    p::passthrough_view<p::config_dump> none(&dump, {});
    CHECK(none.read(0x34, 1) == 0);
    CHECK((none.read(0x06, 2) & 0x10) == 0);  // Status.CL cleared: no capabilities left
    p::passthrough_view<p::config_dump> ext(&dump, {0x05}, {0x0010});
    CHECK(ext.read(0x34, 1) == 0x50);
    CHECK(ext.read(0x51, 1) == 0x00);
    CHECK(ext.read(0x100, 4) == 0x00010010);
    CHECK(ext.read(0x10c, 4) == 0x00020002);
}

TEST_CASE("writes: undescribed and hidden bytes are read-only, header writes keep RO/RsvdP bits") {
    p::config_dump dump = real_dump();
    dump.write(0x04, 2, 0x0000);
    dump.write(0x06, 2, 0x0010);
    dump.write(0x2c, 4, 0x11001af4);
    p::passthrough_view<p::config_dump> v(&dump, {0x01}, {}, p::host_owned::none());
    v.write(0x04, 2, 0xffff);
    CHECK(dump.read(0x04, 2) == 0x0507);  // only the header's writable bits reached the device
    dump.write(0x04, 2, 0x0800);          // a bit the device keeps (e.g. set by hardware)
    v.write(0x04, 2, 0x0000);
    CHECK(dump.read(0x04, 2) == 0x0800);  // preserved across a guest write
    v.write(0x2c, 4, 0);                  // subsystem IDs: RO
    CHECK(dump.read(0x2c, 4) == 0x11001af4);
    v.write(0x50, 4, 0xffffffff);         // hidden MSI: dropped
    CHECK(dump.read(0x52, 2) == 0x0186);
    v.write(0xf0, 4, 0xffffffff);         // nobody described these bytes: dropped (XSA-131)
    CHECK(dump.read(0xf0, 4) == 0);
    v.write(0x40, 2, 0xffff);             // capability ID and NEXT: read-only
    CHECK(dump.read(0x40, 2) == 0x5001);
    v.write(0x44, 2, 0x0003);             // PMCSR: PowerState forwarded, No_Soft_Reset (RO) kept
    CHECK(dump.read(0x44, 2) == 0x000b);
    CHECK(v.read(0x44, 2) == 0x000b);
    CHECK(v.read(0x10, 8) == ~0ull);      // 8 bytes is not a config access
}

TEST_CASE("dumps with malformed or looping chains are rejected with a clear error") {
    p::config_dump loop = real_dump();
    loop.write(0x71, 1, 0x40);  // PCIe -> PM: a loop
    CHECK_THROWS_WITH_AS(p::passthrough_view<p::config_dump>(&loop, {0x01}),
                         "capability chain loops back to 0x40", std::invalid_argument);
    p::config_dump into_header = real_dump();
    into_header.write(0x34, 1, 0x20);
    CHECK_THROWS_WITH_AS(p::passthrough_view<p::config_dump>(&into_header, {0x01}),
                         "capability pointer 0x20 is outside 0x40-0xFC", std::invalid_argument);
    p::config_dump ext_loop = real_dump();
    ext_loop.write(0x100, 4, 0x10010010);  // SR-IOV's next points at itself
    CHECK_THROWS_WITH_AS(p::passthrough_view<p::config_dump>(&ext_loop, {}, {0x10}),
                         "extended capability chain loops back to 0x100", std::invalid_argument);
    CHECK_THROWS_WITH_AS(p::config_dump::parse("00: 86 80\n"), "config dump line 1: expected 16 bytes",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(p::config_dump::parse("00:03.0 x\n00: zz 80 d3 10 00 00 10 00 00 00 00 02 00 00 00 00\n"),
                         "config dump line 2: bad hex digit", std::invalid_argument);
    CHECK_THROWS_AS(p::config_dump::parse("00:03.0 only a title\n"), std::invalid_argument);
}

TEST_CASE("inside allowed capabilities only the spec's writable bits reach the device") {
    p::config_dump dump = real_dump();
    // Nothing host-owned: every spec-writable bit is forwarded (the default keeps MSI; below).
    p::passthrough_view<p::config_dump> v(&dump, {0x05, 0x10}, {0x10}, p::host_owned::none());
    const auto ctl = dump.read(0x52, 2);  // MSI: 8 vectors, 64-bit, maskable
    v.write(0x52, 2, 0xffff);
    CHECK(dump.read(0x52, 2) == (ctl | 0x71));  // MSIE and MME (the device clamps), RO bits kept
    v.write(0x54, 4, 0xffffffff);
    CHECK(dump.read(0x54, 4) == 0xfffffffc);  // address bits 1:0 are not writable
    v.write(0x60, 4, 0xffffffff);             // Mask Bits: 8 vectors, bits 31:8 reserved
    CHECK(dump.read(0x60, 4) == 0xff);
    v.write(0x74, 4, 0);                      // PCIe DEVCAP: read-only, untouched
    CHECK(dump.read(0x74, 4) == v.read(0x74, 4));
    CHECK(dump.read(0x74, 4) != 0);
    v.write(0x78, 2, 0x00e0);                 // DEVCTL.MPS: writable
    CHECK((dump.read(0x78, 2) & 0xe0) == 0xe0);
    v.write(0x110, 2, 0xffff);                // SR-IOV (allowed, extended): read-only for now
    CHECK(dump.read(0x110, 2) == 0);
}

TEST_CASE("passthrough review fixes: BAR bits by BAR type, pointer low bits, extents, 0x100 alias") {
    SUBCASE("64-bit and I/O BARs are programmable through the view") {
        p::config_dump dump = real_dump();
        dump.write(0x10, 4, 0x0000000c);  // 64-bit prefetchable memory BAR in slots 0-1
        dump.write(0x18, 4, 0x0000c001);  // I/O BAR in slot 2
        p::passthrough_view<p::config_dump> v(&dump, {});
        v.write(0x14, 4, 0x3);            // upper dword: address bits 35:32
        CHECK(dump.read(0x14, 4) == 0x3);
        v.write(0x18, 4, 0xc009);         // I/O: bits 3:2 are address bits
        CHECK(dump.read(0x18, 4) == 0xc009);
        v.write(0x10, 4, 0xffffffff);     // memory: type bits stay the device's
        CHECK((dump.read(0x10, 4) & 0xf) == 0xc);
    }
    SUBCASE("reserved low bits of capability pointers are masked, not fatal") {
        p::config_dump dump = real_dump();
        dump.write(0x34, 1, 0x41);
        p::passthrough_view<p::config_dump> v(&dump, {0x01});
        CHECK(v.read(0x34, 1) == 0x40);
    }
    SUBCASE("only type 0 headers") {
        p::config_dump dump = real_dump();
        dump.write(0x0e, 1, 0x01);
        CHECK_THROWS_WITH_AS(p::passthrough_view<p::config_dump>(&dump, {}),
                             "passthrough_view: only type 0 (endpoint) headers are supported", std::invalid_argument);
    }
    SUBCASE("a capability ends where the next one starts") {
        // MSI (64-bit) at 0x60 -> vendor-specific at 0x58 -> PCIe v1 at 0x40 (assumed 0x24 long).
        p::config_dump dump = real_dump();
        for (unsigned off = 0x40; off < 0x100; off += 4) dump.write(off, 4, 0);
        dump.write(0x34, 1, 0x60);
        dump.write(0x60, 4, 0x00805805);
        dump.write(0x58, 4, 0x00084009);
        dump.write(0x40, 4, 0x00010010);
        p::passthrough_view<p::config_dump> v(&dump, {0x10, 0x05}, {}, p::host_owned::none());
        CHECK(v.read(0x61, 1) == 0x40);   // MSI -> PCIe, past the hidden vendor capability
        CHECK(v.read(0x58, 4) == 0);      // hidden
        v.write(0x62, 2, 0x0001);         // MSI enable reaches the device
        CHECK(dump.read(0x62, 2) == 0x0081);
        v.write(0x58, 4, 0xffffffff);     // hidden bytes never reach it
        CHECK(dump.read(0x58, 4) == 0x00084009);
    }
    SUBCASE("the first shown extended capability appears whole at 0x100") {
        p::config_dump dump = real_dump();
        for (unsigned off = 0; off < 0x40; off += 4) dump.write(0x140 + off, 4, dump.read(0x100 + off, 4));
        for (unsigned off = 4; off < 0x40; off += 4) dump.write(0x100 + off, 4, 0);
        dump.write(0x100, 4, 0x14010001);  // AER (hidden) -> SR-IOV at 0x140
        p::passthrough_view<p::config_dump> v(&dump, {}, {0x0010});
        CHECK(v.read(0x100, 4) == 0x00010010);
        CHECK(v.read(0x10c, 4) == 0x00020002);  // SR-IOV's Initial/Total VFs, read through 0x100
    }
}

TEST_CASE("host-owned bits (default): the guest's COMMAND decode bits and MSI are its own copy") {
    p::config_dump dump = real_dump();
    dump.write(0x04, 2, 0x0003);                         // the host decodes I/O and memory
    dump.write(0x52, 2, dump.read(0x52, 2) | 1);         // and has the physical MSI enabled
    dump.write(0x54, 4, 0xfee01000);
    dump.write(0x5c, 2, 0x4041);
    dump.write(0x60, 4, 0xa5);
    dump.write(0x64, 4, 0x02);                           // the device has vector 1 pending
    const p::config_dump host = dump;
    p::passthrough_view<p::config_dump> v(&dump, {0x01, 0x05, 0x10});
    std::vector<std::pair<unsigned, unsigned>> told;
    v.on_emulated_write = [&](unsigned off, unsigned n) { told.emplace_back(off, n); };

    CHECK(v.read(0x04, 2) == 0x0000);  // the guest's copy starts with decoding off
    v.write(0x04, 2, 0xffff);
    CHECK(v.read(0x04, 2) == 0x0507);  // the guest sees what it wrote (spec-writable bits)
    CHECK(dump.read(0x04, 2) == 0x0007);  // only Bus Master Enable reached the device
    v.write(0x04, 2, 0x0000);
    CHECK(v.read(0x04, 2) == 0x0000);
    CHECK(dump.read(0x04, 2) == 0x0003);  // XSA-120/126: the device keeps decoding
    REQUIRE(told.size() == 2);
    CHECK(told[0] == std::pair<unsigned, unsigned>{0x04, 2});

    // MSI: Message Control's capability bits come from the device, the rest is the guest's.
    CHECK(v.read(0x52, 2) == 0x0186);  // the host's enable is not shown
    v.write(0x52, 2, 0xffff);
    CHECK(v.read(0x52, 2) == 0x01b7);  // MSIE, MME clamped to MMC (8 vectors)
    v.write(0x54, 4, 0xffffffff);
    v.write(0x5a, 4, 0xaabbccdd);      // upper address and data in one spanning write (XSA-128)
    v.write(0x60, 4, 0xffffffff);      // mask bits (XSA-129): 8 vectors
    v.write(0x64, 4, 0xffffffff);      // pending: read-only, and the guest's reads 0
    CHECK(v.read(0x54, 4) == 0xfffffffc);
    CHECK(v.read(0x58, 4) == 0xccdd0000);
    CHECK(v.read(0x5c, 2) == 0xaabb);
    CHECK(v.read(0x60, 4) == 0xff);
    CHECK(v.read(0x64, 4) == 0);
    for (unsigned b = 0x50; b < 0x68; ++b) CHECK(dump.read(b, 1) == host.read(b, 1));  // not one MSI byte changed
    CHECK(told.size() == 6);  // the pending write changed nothing the guest owns

    // Every access over COMMAND and MSI, every size and a spread of values: the device's decode
    // bits and MSI never change; Bus Master Enable follows the guest.
    for (unsigned off = 0x00; off < 0x70; ++off)
        for (unsigned n : {1u, 2u, 4u})
            for (std::uint64_t val : {0x0ull, 0xffffffffull, 0x5a5a5a5aull, 0xa5a5a5a5ull}) {
                v.write(off, n, val);
                const bool bme = (v.read(0x04, 1) & 4) != 0;
                REQUIRE(dump.read(0x04, 2) == (0x0003u | (bme ? 4u : 0u)));
                for (unsigned b = 0x50; b < 0x68; ++b) REQUIRE(dump.read(b, 1) == host.read(b, 1));
            }
}

TEST_CASE("a reset returns the guest's copies of host-owned bits to 0, and lists known at run time select the same view") {
    p::config_dump dump = real_dump();
    dump.write(0x04, 2, 0x0003);
    const std::vector<std::uint8_t> allowed{0x01, 0x05, 0x10};
    p::passthrough_view<p::config_dump> v(&dump, std::span<const std::uint8_t>(allowed), {});
    p::passthrough_view<p::config_dump> same(&dump, {0x01, 0x05, 0x10});
    for (unsigned off = 0; off < 0x100; off += 4) REQUIRE(v.read(off, 4) == same.read(off, 4));
    v.write(0x04, 2, 0x0507);
    v.write(0x54, 4, 0xfee00000);
    CHECK(v.read(0x04, 2) == 0x0507);
    CHECK(v.read(0x54, 4) == 0xfee00000);
    v.reset_emulated();
    CHECK(v.read(0x04, 2) == 0x0004);  // Bus Master Enable is the device's own, and it kept it
    CHECK(v.read(0x54, 4) == 0);
    CHECK(dump.read(0x04, 2) == 0x0007);
}

TEST_CASE("filter_bar_write sees every BAR and ROM change before the device does, and may refuse it") {
    p::config_dump dump = real_dump();
    dump.write(0x10, 4, 0xfebf0000);
    p::passthrough_view<p::config_dump> v(&dump, {});
    struct seen { unsigned slot; std::uint32_t old, now; };
    std::vector<seen> log;
    bool allow = false;
    v.filter_bar_write = [&](unsigned slot, std::uint32_t old, std::uint32_t now) {
        log.push_back({slot, old, now});
        return allow;
    };
    v.write(0x10, 4, 0xfe000000);  // a move: refused
    CHECK(dump.read(0x10, 4) == 0xfebf0000);
    REQUIRE(log.size() == 1);
    CHECK(log[0].slot == 0);
    CHECK(log[0].now == 0xfe000000);
    v.write(0x12, 2, 0xfe00);      // a partial write is judged as the whole register it makes
    CHECK(dump.read(0x10, 4) == 0xfebf0000);
    CHECK(log.back().now == 0xfe000000);
    v.write(0x10, 4, 0xfebf0000);  // no change: not asked
    CHECK(log.size() == 2);
    v.write(0x0e, 4, 0xffffffff);  // header type / BIST and BAR0's low half: the BAR bytes refused
    CHECK(dump.read(0x10, 4) == 0xfebf0000);
    allow = true;
    v.write(0x10, 4, 0xffffffff);  // sizing, allowed
    CHECK(dump.read(0x10, 4) == 0xfffffff0);
    v.write(0x30, 4, 0xfff00001);  // expansion ROM: slot 6
    CHECK(log.back().slot == 6);
}
}  // namespace tests_pci_passthrough
