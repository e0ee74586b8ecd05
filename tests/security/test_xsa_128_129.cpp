// SPDX-License-Identifier: MIT
// Security regressions XSA-128 and XSA-129 (issue #7): the host's MSI data and mask bits stay the host's.
#include <doctest/doctest.h>

#include "security/passed_through.hpp"

namespace tests_security_xsa_128_129 {

using namespace regspace;
using namespace regspace::test;
using namespace regspace::test::security;

TEST_CASE("XSA-128: a write spanning several fields never reaches the host's MSI data") {
    // XSA-128 (qemu xen_pt): the logic keeping guest writes away from host-owned config fields,
    // while the guest works on their virtual counterparts, mishandled accesses spanning several
    // fields: a guest could write the host's MSI message data field.
    // In regspace each byte of an access is decided by the register that owns it: bytes of the
    // emulated MSI go to the guest's copy, other bytes to the view, which forwards only
    // spec-writable bits. The fallback receives the whole access and the mask of the bytes it
    // owns, and must honour the mask, as to_view and pci::config_mirror do.
    passed_through f;
    const auto hw_before = f.hw.image();
    using m = nic_msi;

    SUBCASE("spanning writes, field by field") {
        f.guest.write(0x5a, 4, 0xaabbccdd);  // upper address [31:16] and message data
        CHECK(f.guest.get<m::msguaddr>() == 0xccdd0000);
        CHECK(f.guest.get<m::msgdata>() == 0xaabb);
        f.guest.write(0x5c, 4, 0x11223344);  // message data and the two bytes after it (no field)
        CHECK(f.guest.get<m::msgdata>() == 0x3344);
        CHECK(f.guest.read(0x5c, 4) == 0x00003344);
        f.guest.write(0x56, 4, 0xffffffff);  // address [31:16] and upper address [15:0]
        CHECK(f.guest.get<m::msgaddr>() == 0xffff0000);
        CHECK(f.guest.get<m::msguaddr>() == 0xccddffff);
        f.guest.write(0x51, 2, 0xffff);  // NEXT (the view's, read-only) and Message Control's low byte
        CHECK(f.guest.get<m::msgctl>() == 0x01b7);  // MSIE, MME clamped to MMC=3; AC64, PVM kept
        CHECK(f.guest.read(0x50, 4) == 0x01b77005);  // ID 05, NEXT 70 (relinked by the view)
        f.guest.write(0x4e, 4, 0xffffffff);  // hidden bytes, then the ID and NEXT: nothing writable
        f.guest.write(0x66, 4, 0xffffffff);  // Pending (read-only) and hidden bytes after MSI
        CHECK(f.guest.get<m::pending>() == 0);
        CHECK(f.hw.writes.empty());
        CHECK(f.hw.image() == hw_before);
        CHECK(f.hw.read(0x54, 4) == host_msi_addr);
        CHECK(f.hw.read(0x5c, 2) == host_msi_data);
    }
    SUBCASE("every access inside 0x48-0x6f, every size and value") {
        for_each_access_within(0x48, 0x70, {1, 2, 4}, [&](unsigned off, unsigned n) {
            for (u64 v : hostile_values) {
                INFO(describe_access("write", off, n, v));
                const auto before = regspace::detail::device_access::state(f.guest);
                f.guest.write(off, n, v);
                REQUIRE(changed_only_within(before, regspace::detail::device_access::state(f.guest), off, n));
                REQUIRE(f.hw.writes.empty());  // not one config write reached the device
            }
        });
        CHECK(f.hw.image() == hw_before);
        CHECK(f.hw.read(0x5c, 2) == host_msi_data);
    }
}

TEST_CASE("XSA-129: the MSI mask bits the host uses are not guest-writable") {
    // XSA-129 (qemu xen_pt): the guest could write the MSI per-vector mask bits of the physical
    // device, which Xen itself uses to mask the vectors, and so interfere with the host's
    // interrupt handling. The guest's mask bits here are a copy; the device's stay the host's.
    passed_through f;
    CHECK(f.guest.read(0x60, 4) == 0);  // the guest never sees the host's mask bits...
    CHECK(f.guest.read(0x64, 4) == 0);

    SUBCASE("the advisory's writes") {
        f.guest.write(0x60, 4, 0x00000000);
        CHECK(f.hw.read(0x60, 4) == host_msi_mask);
        f.guest.write(0x60, 4, 0xffffffff);
        CHECK(f.guest.read(0x60, 4) == 0xff);  // 8 vectors: bits 31:8 reserved
        CHECK(f.hw.read(0x60, 4) == host_msi_mask);
        for (unsigned b = 0x61; b < 0x64; ++b) f.guest.write(b, 1, 0x00);  // reserved bytes
        CHECK(f.guest.read(0x60, 4) == 0xff);
        f.guest.write(0x52, 2, 0x0000);  // the guest disables its MSI: the host's stays enabled
        CHECK((f.hw.read(0x52, 2) & 1) == 1);
        CHECK(f.hw.writes.empty());
    }
    SUBCASE("the bare view refuses it by construction (host_owned defaults)") {
        hardware hw = programmed_hw();
        view_t bare(&hw, {0x01, 0x05, 0x10});
        for_each_access_touching(0x50, 0x68, 0x70, {1, 2, 4}, [&](unsigned off, unsigned n) {
            for (u64 v : hostile_values) {
                INFO(describe_access("write", off, n, v));
                bare.write(off, n, v);
                REQUIRE(hw.read(0x60, 4) == host_msi_mask);
                REQUIRE(hw.read(0x54, 4) == host_msi_addr);
                REQUIRE(hw.read(0x5c, 2) == host_msi_data);
                REQUIRE(!hw.written_within(0x52, 0x68));
                REQUIRE(bare.read(0x64, 4) == 0);  // the guest never sees the device's pending bits
            }
        });
    }
    SUBCASE("every access that touches Mask or Pending, every size and value") {
        u64 mask = 0;
        for_each_access_touching(0x60, 0x68, 0x70, {1, 2, 4}, [&](unsigned off, unsigned n) {
            for (u64 v : hostile_values) {
                INFO(describe_access("write", off, n, v));
                f.guest.write(off, n, v);
                if (covers(off, n, 0x60)) mask = byte_of(v, 0x60 - off);
                REQUIRE(f.guest.read(0x60, 4) == mask);
                REQUIRE(f.guest.read(0x64, 4) == 0);
                REQUIRE(f.hw.read(0x60, 4) == host_msi_mask);
                REQUIRE(f.hw.read(0x64, 4) == device_pending);
                REQUIRE(!f.hw.written_within(0x52, 0x68));
            }
        });
    }
}
}  // namespace tests_security_xsa_128_129
