// SPDX-License-Identifier: MIT
// Security regression XSA-131 (issue #7): config-space bits nobody described are not writable.
#include <doctest/doctest.h>

#include <array>
#include <cstdint>

#include "security/passed_through.hpp"

namespace tests_security_xsa_131 {

using namespace regspace;
using namespace regspace::test;
using namespace regspace::test::security;

TEST_CASE("XSA-131: bits nobody described are not writable") {
    // XSA-131 (qemu xen_pt): config-space fields that had no descriptor were passed through
    // writable, so a guest could write arbitrary bits of the physical device. The fix made
    // unknown fields read-only, added reserved-bit masks, and fixed the RW1C handling of the PM
    // status bit.
    SUBCASE("an emulated function: exactly the described writable bits change") {
        // The NIC of tests/pci/devices.hpp: header, BARs, ROM, PM at 0x40, MSI at 0x50.
        // Independently of the library, from the spec and docs/pci.md: the bits all-ones sets.
        std::array<std::uint8_t, 256> rw{};
        const auto set = [&](unsigned off, unsigned n, u64 bits) {
            for (unsigned i = 0; i < n; ++i) rw[off + i] = byte_of(bits, i);
        };
        set(0x04, 2, 0x0507);      // COMMAND: IOSE, MSE, BME, SERRE, INTxD
        set(0x0c, 1, 0xff);        // Cache Line Size
        set(0x10, 4, 0xfffe0000);  // BAR0: 128 KiB memory
        set(0x14, 4, 0xffffffe0);  // BAR1: 32 B I/O
        set(0x18, 4, 0xffffc000);  // BAR2-3: 16 KiB 64-bit
        set(0x1c, 4, 0xffffffff);
        set(0x24, 4, 0xfffffffe);  // BAR4-5: 8 GiB 64-bit (no address bit in the low dword)
        set(0x30, 4, 0xfffc0001);  // ROM: 256 KiB, enable
        set(0x3c, 1, 0xff);        // Interrupt Line
        set(0x44, 2, 0x0103);      // PMCSR: PowerState (D3hot), PME_En
        set(0x52, 1, 0x31);        // MSI Message Control: MSIE, MME clamped to MMC = 3
        set(0x54, 4, 0xfffffffc);  // Message Address [31:2]
        set(0x58, 4, 0xffffffff);  // Message Upper Address
        set(0x5c, 2, 0xffff);      // Message Data
        set(0x60, 1, 0xff);        // Mask Bits: 8 vectors
        const device<nic::type> pristine;
        const auto reset_lanes = regspace::detail::device_access::state(pristine);
        for_each_access_within(0, 256, {1, 2, 4}, [&](unsigned off, unsigned n) {
            INFO(describe_access("write", off, n, ~u64{0}));
            device<nic::type> d;
            d.write(off, n, ~u64{0});
            for (unsigned b = 0; b < 256; ++b) {
                const auto changed = static_cast<std::uint8_t>(state_byte(regspace::detail::device_access::state(d), b) ^ state_byte(reset_lanes, b));
                REQUIRE(changed == (covers(off, n, b) ? rw[b] : 0));
            }
        });
        device<nic::type> d;
        for (unsigned off = 0; off < 256; off += 4) d.write(off, 4, ~u64{0});
        for (unsigned b = 0; b < 256; ++b) {
            INFO("byte " << hexstr(b));
            CHECK(d.read(b, 1) == (state_byte(reset_lanes, b) | rw[b]));
        }
    }

    SUBCASE("a passthrough: only spec-writable bits of reviewed registers reach the device") {
        // The device has more than anyone reviewed: registers between PM and MSI, a vendor-specific
        // capability, device-specific registers at 0xc0-0xff, AER and more in extended space.
        hardware hw{dump_of_hw(), {}};
        hw.bytes.write(0x71, 1, 0xb0);                     // PCIe -> vendor-specific at 0xb0
        hw.bytes.write(0xb0, 4, 0x5a080009);               // ID 09, last, length 8, data
        hw.bytes.write(0xb4, 4, 0x5a5a5a5a);
        for (unsigned b = 0x48; b < 0x50; ++b) hw.bytes.write(b, 1, 0x77);
        for (unsigned b = 0xc0; b < 0x100; ++b) hw.bytes.write(b, 1, 0xa5);
        hw.bytes.write(0x100, 4, 0x00010001);              // AER, version 1, last
        for (unsigned b = 0x104; b < 0x148; ++b) hw.bytes.write(b, 1, 0x33);
        for (unsigned b = 0x148; b < 0x200; ++b) hw.bytes.write(b, 1, 0x44);
        // PM, the vendor capability and AER are shown; MSI and PCIe are hidden.
        // host_owned::none(): the widest the view forwards (its default keeps COMMAND's decode bits
        // too, tests/pci/test_passthrough.cpp), so every spec-writable bit is checked here.
        p::passthrough_view<hardware> view(&hw, {0x01, 0x09}, {0x0001}, p::host_owned::none());
        CHECK(view.read(0x41, 1) == 0xb0);        // PM -> vendor-specific, past the hidden ones
        CHECK(view.read(0xb0, 4) == 0x5a080009);  // visible (undescribed: read-only)
        CHECK(view.read(0x100, 4) == 0x00010001);
        CHECK(view.read(0x104, 4) == 0x33333333);
        CHECK(view.read(0xc0, 4) == 0);           // hidden
        CHECK(view.read(0x48, 4) == 0);

        // Independently of the library (PCI LB 3.0 §6.2, PM 1.2 §3.2.4, docs/pci.md): the bits a
        // guest may write to the device through the view.
        std::array<std::uint8_t, 4096> rw{};
        const auto set = [&](unsigned off, unsigned n, u64 bits) {
            for (unsigned i = 0; i < n; ++i) rw[off + i] = byte_of(bits, i);
        };
        set(0x04, 2, 0x0507);  // COMMAND
        set(0x06, 2, 0xf900);  // STATUS: the RW1C error bits
        set(0x0c, 1, 0xff);    // Cache Line Size
        // BARs by the device's own BAR types: memory 31:4. The empty slots 1-5 read 0, which is
        // what a 32-bit memory BAR at 0 reads too, so they are forwarded as such (real hardware
        // ignores writes to BARs it does not implement).
        for (unsigned slot = 0; slot < 6; ++slot) set(0x10 + 4 * slot, 4, 0xfffffff0);
        set(0x30, 4, 0xfffff801);  // ROM: address 31:11, enable
        set(0x3c, 1, 0xff);        // Interrupt Line
        set(0x44, 2, 0x8103);      // PMCSR: PowerState, PME_En, PME_Status (RW1C)

        const auto original = hw.image();
        for_each_access_within(0, 4096, {1, 2, 4}, [&](unsigned off, unsigned n) {
            view.write(off, n, ~u64{0});
            view.write(off, n, 0);
        });
        REQUIRE(!hw.writes.empty());
        for (const auto& w : hw.writes) {
            INFO(describe_access("device write", w.offset, w.size, w.value));
            REQUIRE(w.size == 1);
            REQUIRE(rw[w.offset] != 0);                                   // only reviewed bytes are written
            REQUIRE(((w.value ^ w.replaced) & ~u64{rw[w.offset]}) == 0);  // and only their writable bits
        }
        for (unsigned off = 0; off < 4096; off += 4) view.write(off, 4, ~u64{0});
        auto now = hw.image();
        for (unsigned b = 0; b < 4096; ++b) {
            INFO("byte " << hexstr(b));
            REQUIRE(now[b] == ((original[b] & ~rw[b]) | rw[b]));
        }
        for (unsigned off = 0; off < 4096; off += 4) view.write(off, 4, 0);
        now = hw.image();
        for (unsigned b = 0; b < 4096; ++b) {
            INFO("byte " << hexstr(b));
            REQUIRE(now[b] == (original[b] & ~rw[b]));
        }
    }

    SUBCASE("a passthrough of MSI: reserved Mask Bits and read-only fields keep the device's value") {
        // MSI with 8 vectors, 64-bit, per-vector masks at 0x50 (24 bytes). Mask Bits 31:8 belong
        // to no vector (PCI LB 3.0 §6.8.1.7): reserved, like every RO field of the capability.
        hardware hw{dump_of_hw(), {}};
        hw.bytes.write(0x60, 4, 0xdead0000);  // what the device happens to hold in 31:8
        hw.bytes.write(0x64, 4, 0xbeef0002);
        // host_owned::none(): MSI forwarded (by default the view keeps all of it for the host).
        p::passthrough_view<hardware> view(&hw, {0x05}, {}, p::host_owned::none());
        std::array<std::uint8_t, 0x18> rw{};
        const auto set = [&](unsigned off, unsigned n, u64 bits) {
            for (unsigned i = 0; i < n; ++i) rw[off + i] = byte_of(bits, i);
        };
        set(0x02, 2, 0x0071);      // Message Control: MSIE, MME (the device clamps it)
        set(0x04, 4, 0xfffffffc);  // Message Address [31:2]
        set(0x08, 4, 0xffffffff);  // Message Upper Address
        set(0x0c, 2, 0xffff);      // Message Data
        set(0x10, 4, 0x000000ff);  // Mask Bits of the 8 vectors
        const auto original = hw.image();
        for_each_access_touching(0x50, 0x68, 0x100, {1, 2, 4}, [&](unsigned off, unsigned n) {
            for (u64 v : hostile_values) view.write(off, n, v);
        });
        REQUIRE(!hw.writes.empty());
        for (const auto& w : hw.writes) {
            INFO(describe_access("device write", w.offset, w.size, w.value));
            REQUIRE((w.offset >= 0x50 && w.offset < 0x68));
            REQUIRE(((w.value ^ w.replaced) & ~u64{rw[w.offset - 0x50]}) == 0);
        }
        for (unsigned off = 0x50; off < 0x68; off += 4) view.write(off, 4, ~u64{0});
        const auto now = hw.image();
        for (unsigned b = 0; b < 4096; ++b) {
            INFO("byte " << hexstr(b));
            const std::uint8_t bits = b >= 0x50 && b < 0x68 ? rw[b - 0x50] : 0;
            REQUIRE(now[b] == ((original[b] & ~bits) | bits));
        }
        CHECK(hw.read(0x60, 4) == 0xdead00ff);
        CHECK(hw.read(0x64, 4) == 0xbeef0002);
    }

    SUBCASE("a passthrough keeps the device's RW1C bits unless the guest writes 1 to them") {
        device<hw_fn::type> chip;  // the device itself, with its RW1C semantics
        chip.set<hw_fn::header::status, "RMA">(1);
        chip.set<nic_pm::pmcsr, "PME_STATUS">(1);
        device_backing<device<hw_fn::type>> backing{&chip};
        p::passthrough_view<device_backing<device<hw_fn::type>>> view(&backing, {0x01});
        view.write(0x44, 2, 0x0003);  // PowerState D3hot; PME_Status written 0
        CHECK(chip.get<nic_pm::pmcsr, "POWERSTATE">() == 3);
        CHECK(chip.get<nic_pm::pmcsr, "PME_STATUS">() == 1);
        view.write(0x04, 4, 0x00000006);  // COMMAND and STATUS in one dword, STATUS all 0
        CHECK(view.read(0x04, 2) == 0x0006);
        CHECK(chip.peek(0x04, 2) == 0x0004);  // Memory Space is host-owned: only BME reached the chip
        CHECK(chip.get<hw_fn::header::status, "RMA">() == 1);
        view.write(0x44, 2, 0x8000);  // now the guest clears PME_Status (and goes back to D0)
        CHECK(chip.get<nic_pm::pmcsr, "PME_STATUS">() == 0);
        CHECK(chip.get<nic_pm::pmcsr, "POWERSTATE">() == 0);
        view.write(0x07, 1, 0x20);  // and Received Master Abort
        CHECK(chip.get<hw_fn::header::status, "RMA">() == 0);
    }
}
}  // namespace tests_security_xsa_131
