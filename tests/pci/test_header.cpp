// SPDX-License-Identifier: MIT
// Type 0 header and BARs: identity, writable bits, RW1C status, sizing of every BAR kind.
#include <doctest/doctest.h>

#include "devices.hpp"

namespace tests_pci_header {

using namespace regspace;
using namespace regspace::test;

TEST_CASE("type 0 header: identity registers read as described, ignore writes") {
    device<nic::type> d;
    CHECK(d.read(0x00, 4) == 0x10d38086);
    CHECK(d.read(0x08, 4) == 0x02000003);
    CHECK(d.read(0x2c, 4) == 0x11001af4);
    CHECK(d.read(0x3d, 1) == 1);
    CHECK(d.read(0x0e, 1) == 0);
    for (unsigned off : {0x00u, 0x08u, 0x2cu}) d.write(off, 4, 0);
    CHECK(d.read(0x00, 4) == 0x10d38086);
    CHECK(d.read(0x08, 4) == 0x02000003);
    CHECK(d.read(0x2c, 4) == 0x11001af4);
}

TEST_CASE("command/status: writable bits as QEMU exposes them, status errors RW1C") {
    device<nic::type> d;
    d.write(0x04, 2, 0xffff);
    CHECK(d.read(0x04, 2) == 0x0507);  // IOSE MSE BME SERRE INTxD
    d.set<nic::header::status, "RMA">(1);
    d.set<nic::header::status, "DPE">(1);
    CHECK(d.read(0x06, 2) == 0xa010);
    d.write(0x06, 1, 0xff);  // low byte: nothing clearable there
    CHECK(d.read(0x06, 2) == 0xa010);
    d.write(0x07, 1, 0x20);  // clear RMA only
    CHECK(d.read(0x06, 2) == 0x8010);
    d.write(0x04, 4, 0x80000000);  // dword write: COMMAND <- 0, DPE cleared
    CHECK(d.read(0x04, 4) == 0x00100000);
    d.write(0x0c, 4, 0xffffffff);  // CLS RW, MLT/HTYPE/BIST RO
    CHECK(d.read(0x0c, 4) == 0x000000ff);
    d.write(0x3c, 2, 0xffff);
    CHECK(d.read(0x3c, 2) == 0x01ff);
}

TEST_CASE("capability pointer and Status.CL come from the list") {
    device<nic::type> d;
    CHECK(d.read(0x34, 1) == 0x40);
    CHECK((d.read(0x06, 2) & 0x10) == 0x10);
    CHECK(d.read(0x41, 1) == 0x50);  // PM -> MSI
    CHECK(d.read(0x51, 1) == 0x00);  // MSI is last
    using bare = p::config_space<"bare", p::type0<nic_id>>;
    device<bare::type> b;
    CHECK(b.read(0x34, 1) == 0);
    CHECK((b.read(0x06, 2) & 0x10) == 0);
}

TEST_CASE("BAR sizing: each kind, both halves of 64-bit BARs, ROM") {
    device<nic::type> d;
    for (unsigned off = 0x10; off <= 0x24; off += 4) d.write(off, 4, 0xffffffff);
    d.write(0x30, 4, 0xffffffff);
    CHECK(d.read(0x10, 4) == 0xfffe0000);  // 128 KiB mem32
    CHECK(d.read(0x14, 4) == 0xffffffe1);  // 32-byte I/O
    CHECK(d.read(0x18, 4) == 0xffffc00c);  // 16 KiB mem64 prefetchable, low
    CHECK(d.read(0x1c, 4) == 0xffffffff);  // high half
    CHECK(d.read(0x20, 4) == 0x00000004);  // 8 GiB mem64: no low address bits
    CHECK(d.read(0x24, 4) == 0xfffffffe);  // high half: bit 32 is below the size
    CHECK(d.read(0x30, 4) == 0xfffc0001);  // 256 KiB ROM, enable bit RW
    // Programming: a base aligned to the size sticks, low bits stay the type bits.
    d.write(0x10, 4, 0xfebc0000);
    d.write(0x18, 4, 0xfe000000);
    d.write(0x1c, 4, 0x00000001);
    CHECK(d.read(0x10, 4) == 0xfebc0000);
    CHECK(d.read(0x18, 8 - 4) == 0xfe00000c);
    CHECK(d.read(0x1c, 4) == 0x1);
    // Byte and word accesses size a BAR too.
    d.write(0x10, 2, 0xffff);
    CHECK(d.read(0x10, 4) == 0xfebc0000);  // low 16 bits of a 128 KiB BAR are not address bits
    d.write(0x12, 1, 0xff);
    CHECK(d.read(0x10, 4) == 0xfefe0000);  // bits 17-23 set, bit 16 is below the size
}

TEST_CASE("unimplemented BAR slots read 0 and stay 0 after all-ones") {
    using one_bar = p::config_space<"one", p::type0<nic_id, p::bars<p::mem32_bar<4096>>>>;
    device<one_bar::type> d;
    for (unsigned off = 0x14; off <= 0x24; off += 4) {
        d.write(off, 4, 0xffffffff);
        CHECK(d.read(off, 4) == 0);
    }
    d.write(0x30, 4, 0xffffffff);
    CHECK(d.read(0x30, 4) == 0);  // no ROM
}

namespace {
constexpr bool sized_at_compile_time() {
    device<nic::type> d;
    d.write(0x10, 4, 0xffffffff);
    return d.read(0x10, 4) == 0xfffe0000 && d.read(0x34, 1) == 0x40;
}
static_assert(sized_at_compile_time());
}  // namespace

// bars<>::slot_register<Slot>: a BAR named by its slot, the halves of a 64-bit BAR included.
namespace {
using slotted = p::bars<p::mem64_bar<0x4000>, p::io_bar<32>>;
static_assert(slotted::slot_register<0>::offset == 0x10 && slotted::slot_register<1>::offset == 0x14);
static_assert(slotted::slot_register<2>::offset == 0x18 && slotted::slot_register<2>::name == fixed_string("BAR2"));
}  // namespace

TEST_CASE("a BAR is named by its slot") {
    device<p::config_space_t<"slots", p::type0<nic_id, slotted>>> d;
    d.write(0x10, 4, 0xffffffff);
    d.write(0x14, 4, 0xffffffff);
    CHECK(d.get<slotted::slot_register<0>>() == 0xffffc004u);  // 16 KiB, 64-bit memory
    CHECK(d.get<slotted::slot_register<1>>() == 0xffffffffu);
    CHECK(d.get<slotted::slot_register<2>>() == 0x1u);          // I/O, not written
}
}  // namespace tests_pci_header
