// SPDX-License-Identifier: MIT
// Security regressions XSA-120 and XSA-126 (issue #7): a guest and COMMAND's decode bits.
#include <doctest/doctest.h>

#include <cstddef>

#include "security/passed_through.hpp"

namespace tests_security_xsa_120_126 {

using namespace regspace;
using namespace regspace::test;
using namespace regspace::test::security;

TEST_CASE("XSA-120/126: a guest cannot clear the decode bits of a passed-through device") {
    // XSA-120 (Linux pciback) and XSA-126 (qemu): guests could clear the memory and I/O decode
    // bits in the command register of a device passed through to them. The host's later accesses
    // to the device's BARs then end in PCIe Unsupported Requests, which some platforms escalate to
    // fatal NMIs. The fix gave the guest a shadow of those bits.
    // Here the guest's COMMAND is a register of the guest-facing space, so no byte of it is ever
    // forwarded; the one hook passes Bus Master Enable on to the device.
    passed_through f;
    constexpr u64 writable = 0x0507;  // IOSE, MSE, BME, SERRE, INTxD (docs/pci.md)
    CHECK(f.guest.read(0x00, 4) == 0x10d38086);  // identity comes from the device, through the view
    CHECK(f.guest.read(0x04, 2) == 0);           // the guest starts with its decoding off...
    CHECK(f.hw.read(0x04, 2) == host_command);   // ...the device with the host's on

    SUBCASE("the advisory's writes: COMMAND set, then cleared") {
        f.guest.write(0x04, 2, 0xffff);
        CHECK(f.guest.read(0x04, 2) == 0x0507);
        CHECK(f.hw.read(0x04, 2) == 0x0007);  // only bus mastering reached the device
        REQUIRE(f.hw.writes.size() == 1);
        CHECK(f.hw.writes[0].offset == 0x04);
        CHECK(f.hw.writes[0].size == 1);
        CHECK(f.hw.writes[0].value == 0x07);
        f.guest.write(0x04, 2, 0x0000);
        CHECK(f.guest.read(0x04, 2) == 0x0000);  // the guest sees its decoding off
        CHECK(f.hw.read(0x04, 2) == 0x0003);     // the device keeps decoding; bus mastering off
        f.guest.write(0x04, 1, 0xfc);            // byte write: decode bits 0, BME 1
        CHECK(f.guest.read(0x04, 2) == 0x0004);
        CHECK(f.hw.read(0x04, 2) == 0x0007);
        f.guest.write(0x05, 1, 0xff);  // byte write into the middle: SERRE, INTxD (emulated)
        CHECK(f.guest.read(0x04, 2) == 0x0504);
        CHECK(f.hw.read(0x05, 1) == 0x00);
        f.guest.write(0x03, 2, 0x0000);  // Device ID (read-only) and COMMAND's low byte
        CHECK(f.guest.read(0x00, 4) == 0x10d38086);
        CHECK(f.guest.read(0x04, 2) == 0x0500);
        CHECK(f.hw.read(0x04, 2) == 0x0003);
    }
    SUBCASE("the bare view refuses it by construction (host_owned defaults)") {
        hardware hw = programmed_hw();
        view_t bare(&hw, {0x01, 0x05, 0x10});
        bare.write(0x04, 2, 0x0000);
        CHECK(hw.read(0x04, 2) == host_command);  // decoding stays on
        bare.write(0x04, 2, 0xffff);
        CHECK(bare.read(0x04, 2) == 0x0507);
        CHECK(hw.read(0x04, 2) == (host_command | 0x4));  // Bus Master Enable is the guest's
        for (const auto& w : hw.writes) CHECK((w.offset != 0x04 || (w.value & 0x3) == 0x3));
    }
    SUBCASE("a dword over COMMAND and STATUS: decode stays, STATUS goes by its own rules") {
        const u64 status = f.hw.read(0x06, 2);
        f.guest.write(0x04, 4, 0xffff0000);
        CHECK(f.guest.read(0x04, 2) == 0);
        CHECK(f.hw.read(0x04, 2) == host_command);
        // STATUS is forwarded: the device receives ones in its RW1C error bits (15:11, 8) and its
        // own value in every other bit, in one byte write to 0x07 (0x06 has no writable bit).
        REQUIRE(f.hw.writes.size() == 1);
        CHECK(f.hw.writes[0].offset == 0x07);
        CHECK(f.hw.writes[0].value == (0xf9 | (byte_of(status, 1) & 0x06)));
    }
    SUBCASE("every access that touches COMMAND, every size and value") {
        const auto hw_before = f.hw.image();
        const auto reset_lanes = regspace::detail::device_access::state(f.guest);
        u64 shadow = 0;
        for_each_access_touching(0x04, 0x06, 0x40, {1, 2, 4}, [&](unsigned off, unsigned n) {
            for (u64 v : hostile_values) {
                INFO(describe_access("write", off, n, v));
                const std::size_t logged = f.hw.writes.size();
                f.guest.write(off, n, v);
                for (unsigned b = 0x04; b < 0x06; ++b)
                    if (covers(off, n, b)) {
                        const u64 m = (writable >> (8 * (b - 0x04))) & 0xff;
                        const u64 sh = 8 * (b - 0x04);
                        shadow = (shadow & ~(m << sh)) | ((byte_of(v, b - off) & m) << sh);
                    }
                REQUIRE(f.guest.read(0x04, 2) == shadow);
                REQUIRE((f.hw.read(0x04, 2) & 0x3) == 0x3);           // decoding stays on
                REQUIRE(((f.hw.read(0x04, 1) ^ shadow) & 0x4) == 0);  // BME follows the guest
                for (std::size_t i = logged; i < f.hw.writes.size(); ++i) {
                    const auto& w = f.hw.writes[i];
                    REQUIRE(w.size == 1);
                    REQUIRE((w.offset == 0x04 || w.offset == 0x07));
                    if (w.offset == 0x04) REQUIRE((w.value & 0x3) == 0x3);  // never a decode bit cleared
                }
                const auto hw_now = f.hw.image();
                for (unsigned b = 0; b < 4096; ++b) {
                    const unsigned may = b == 0x04 ? 0x04 : b == 0x07 ? 0xf9 : 0x00;
                    REQUIRE(((hw_now[b] ^ hw_before[b]) & ~may) == 0);
                }
                const auto& lanes = regspace::detail::device_access::state(f.guest);
                for (std::size_t l = 0; l < lanes.size(); ++l) {
                    const u64 command_bits = l == 0 ? u64{0xffff} << 32 : 0;
                    REQUIRE(((lanes[l] ^ reset_lanes[l]) & ~command_bits) == 0);
                }
            }
        });
    }
}
}  // namespace tests_security_xsa_120_126
