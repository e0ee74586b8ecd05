// SPDX-License-Identifier: MIT
// pci/interrupts.hpp and pci/dma.hpp: the device side of INTx, MSI and DMA, read from the
// registers the guest programs (PCI LB 3.0 §6.2.2-6.2.3, §6.8.1).
#include <doctest/doctest.h>

#include <array>
#include <cstdint>

#include <regspace/pci.hpp>

namespace tests_pci_interrupts {

using namespace regspace;

namespace {
using msi_pvm = pci::msi<pci::msi_params{.vectors = 4, .address_64 = true, .per_vector_mask = true}>;
using msi32 = pci::msi<pci::msi_params{.vectors = 1, .address_64 = false}>;
inline constexpr pci::identity ident{.vendor = 0x1234, .device = 0x0001, .int_pin = 1};
using cfg = pci::config_space<"irq", pci::type0<ident>, pci::at<msi_pvm, 0x40>>;
using cfg32 = pci::config_space<"irq32", pci::type0<ident>, pci::at<msi32, 0x40>,
                                pci::extra<reg<"OWN", 0x80, 4, field<"V", 0, 32, access::rw, 0x5a>>>>;
using status = cfg::header::status;
}  // namespace

TEST_CASE("INTx: Interrupt Status follows the pending state, the line also Interrupt Disable") {
    device<cfg::type> d;
    CHECK(pci::set_intx<status>(d, true));
    CHECK((d.read(0x06, 2) & 0x8) != 0);
    d.write(0x04, 2, 0x0400);  // INTx Disable
    CHECK_FALSE(pci::intx_level<status>(d));
    CHECK((d.read(0x06, 2) & 0x8) != 0);  // still pending (§6.2.3)
    CHECK_FALSE(pci::set_intx<status>(d, true));
    d.write(0x04, 2, 0);
    CHECK(pci::intx_level<status>(d));
    CHECK_FALSE(pci::set_intx<status>(d, false));
    CHECK((d.read(0x06, 2) & 0x8) == 0);
}

TEST_CASE("MSI: the message from the registers, vectors by MME, masking and Pending") {
    device<cfg::type> d;
    CHECK_FALSE(pci::msi_signal<msi_pvm>(d));  // not enabled
    d.write(0x44, 4, 0xfee01000);
    d.write(0x48, 4, 0x1);
    d.write(0x4c, 2, 0x4420);
    d.write(0x42, 2, 0x0011);  // enable, MME 1: 2 vectors
    CHECK_FALSE(pci::msi_signal<msi_pvm>(d));  // bus mastering off: an MSI is a memory write
    d.write(0x04, 2, 0x0004);
    CHECK(pci::msi_signal<msi_pvm>(d, 0) == pci::msi_message{0x1'fee01000, 0x4420});
    CHECK(pci::msi_signal<msi_pvm>(d, 1) == pci::msi_message{0x1'fee01000, 0x4421});
    CHECK_FALSE(pci::msi_signal<msi_pvm>(d, 2));  // beyond the enabled vectors
    d.write(0x50, 4, 0x2);                        // mask vector 1
    CHECK_FALSE(pci::msi_signal<msi_pvm>(d, 1));
    CHECK(d.read(0x54, 4) == 0x2);                // pending instead
    CHECK_FALSE(pci::msi_unmasked<msi_pvm>(d, 1));  // still masked
    d.write(0x50, 4, 0);
    CHECK(pci::msi_unmasked<msi_pvm>(d, 1) == pci::msi_message{0x1'fee01000, 0x4421});
    CHECK(d.read(0x54, 4) == 0);
    CHECK_FALSE(pci::msi_unmasked<msi_pvm>(d, 1));  // sent once
    // A masked vector is held pending even with bus mastering off (QEMU msi_notify).
    d.write(0x04, 2, 0);
    d.write(0x50, 4, 0x1);
    CHECK_FALSE(pci::msi_signal<msi_pvm>(d, 0));
    CHECK(d.read(0x54, 4) == 0x1);
    // An MME the device side set above MMC enables no vector beyond the function's four, and a
    // vector number past 31 is answered, not shifted.
    d.set<msi_pvm::msgctl, "MME">(7);
    d.write(0x04, 2, 0x4);
    CHECK_FALSE(pci::msi_signal<msi_pvm>(d, 4));
    CHECK_FALSE(pci::msi_signal<msi_pvm>(d, 40));
    CHECK_FALSE(pci::msi_unmasked<msi_pvm>(d, 40));
    CHECK(pci::msi_signal<msi_pvm>(d, 3).has_value());
}

TEST_CASE("MSI: a 32-bit capability, and config_space extra<> items beside it") {
    device<cfg32::type> d;
    d.write(0x44, 4, 0xfee00000);
    d.write(0x48, 2, 0x31);
    d.write(0x42, 2, 0x1);
    d.write(0x04, 2, 0x4);
    CHECK(pci::msi_signal<msi32>(d) == pci::msi_message{0xfee00000, 0x31});
    CHECK(d.read(0x80, 4) == 0x5a);  // the extra register, at its offset
    d.write(0x80, 4, 7);
    CHECK(d.read(0x80, 4) == 7);
}

TEST_CASE("DMA: refused without Bus Master Enable, whole transfers inside the memory") {
    device<cfg::type> d;
    pci::buffer_memory mem(0x1000, 0x100);
    std::array<std::uint8_t, 4> out{1, 2, 3, 4}, in{};
    CHECK(pci::dma_write(d, mem, 0x1010, out) == pci::dma_status::bus_master_disabled);
    CHECK(mem.bytes()[0x10] == 0);
    d.write(0x04, 2, 0x4);
    CHECK(pci::dma_write(d, mem, 0x1010, out) == pci::dma_status::ok);
    CHECK(pci::dma_read(d, mem, 0x1010, in) == pci::dma_status::ok);
    CHECK(in == out);
    CHECK(pci::dma_read(d, mem, 0x10fe, in) == pci::dma_status::memory_error);  // runs past the end
    CHECK(pci::dma_read(d, mem, 0xfff, in) == pci::dma_status::memory_error);   // starts before
    CHECK(pci::dma_read(d, mem, ~std::uint64_t{0}, in) == pci::dma_status::memory_error);
}

TEST_CASE("MSI: QEMU's Multiple Message Enable clamp only while MSI is enabled") {
    using qemu_msi = pci::msi<pci::msi_params{.vectors = 1, .clamp = pci::mme_clamp::while_enabled}>;
    using spec_msi = pci::msi<pci::msi_params{.vectors = 1}>;
    device<pci::config_space<"q", pci::type0<ident>, pci::at<qemu_msi, 0x40>>::type> q;
    device<pci::config_space<"s", pci::type0<ident>, pci::at<spec_msi, 0x40>>::type> s;
    q.write(0x42, 2, 0x0070);  // MME 7 with MMC 0, disabled
    s.write(0x42, 2, 0x0070);
    CHECK(q.read(0x42, 2) == 0x00f0);  // kept (AC64 is bit 7)
    CHECK(s.read(0x42, 2) == 0x0080);  // clamped
    q.write(0x42, 2, 0x0071);          // enabling clamps
    CHECK(q.read(0x42, 2) == 0x0081);
}

TEST_CASE("MSI-X through the same interface: the entry's message, masking, Pending, bus mastering") {
    using mx = pci::msix::capability<pci::msix::params{.vectors = 4, .table_bir = 0, .table_offset = 0,
                                                       .pba_bir = 0, .pba_offset = 0x800, .bar_size = 0x1000}>;
    device<pci::config_space<"msix", pci::type0<ident>, pci::at<mx, 0x40>>::type> c;
    device<mx::table_space> t;
    CHECK_FALSE(pci::msix_message<mx>(c, t, t, 1));  // MSI-X off
    c.write(0x42, 2, 0x8000);                        // MSI-X Enable
    c.write(0x04, 2, 0x0004);                        // Bus Master Enable
    t.write(0x10, 4, 0xfee00000);
    t.write(0x18, 4, 0x41);
    CHECK_FALSE(pci::msix_message<mx>(c, t, t, 1));  // masked at reset: pending instead
    CHECK(t.read(0x800, 8) == 0x2);
    t.write(0x1c, 4, 0);                             // unmask
    CHECK(pci::msix_message<mx>(c, t, t, 1) == pci::msi_message{0xfee00000, 0x41});
    c.write(0x04, 2, 0);
    CHECK_FALSE(pci::msix_message<mx>(c, t, t, 1));  // bus mastering off: dropped
}
}  // namespace tests_pci_interrupts
