// SPDX-License-Identifier: MIT
// examples/edu.hpp: QEMU's edu device as a model, through the dispatch a VMM calls. The config
// space and the BAR's guest-visible answers are compared with QEMU itself in edu_vs_qemu.cpp;
// here is what a qtest session cannot show: interrupts (INTx and MSI), DMA, work completing
// with virtual time, snapshots that carry pending work, and a function object that moves.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "edu.hpp"
#include "support/lspci.hpp"

using namespace regspace;

namespace {
struct test_platform final : edu::platform {
    pci::buffer_memory mem{0x100000, 0x10000};  // guest RAM 100000h-10FFFFh
    bool line = false;
    std::vector<bool> line_changes;
    std::vector<pci::msi_message> msis;
    void set_intx(bool level) override {
        line = level;
        line_changes.push_back(level);
    }
    void send_msi(pci::msi_message m) override { msis.push_back(m); }
    pci::guest_memory& memory() override { return mem; }
};

// BAR0 at FE000000h, memory decoding and bus mastering on, as a driver leaves it.
void enable(edu::function& f, std::uint16_t command = 0x0006) {
    f.config_write(0x10, 4, 0xfe000000);
    f.config_write(0x04, 2, command);
}
}  // namespace

TEST_CASE("identification, liveness and QEMU's access-size rules") {
    test_platform p;
    edu::function f(p);
    CHECK(f.mmio_read(0x00, 4) == 0x010000ed);
    CHECK(f.mmio_read(0x04, 4) == 0);  // the inverse of nothing written yet
    f.mmio_write(0x04, 4, 0x12345678);
    CHECK(f.mmio_read(0x04, 4) == 0xedcba987);
    CHECK(f.mmio_read(0x00, 1) == 0);        // 1 and 2 bytes: QEMU's memory core reads 0
    CHECK(f.mmio_read(0x00, 8) == ~0ull);    // 8 bytes below 80h: edu.c's all-ones
    CHECK(f.mmio_read(0x30, 4) == 0xffffffff);  // an offset edu does not decode
    CHECK(f.mmio_read(0x60, 4) == 0xffffffff);  // IRQ_RAISE decodes writes only
    CHECK(f.bar0().last_status() == access_status::ok);
    f.mmio_write(0x04, 2, 0);  // refused: the value stays
    CHECK(f.mmio_read(0x04, 4) == 0xedcba987);
}

TEST_CASE("a factorial completes when time passes, busy until then, with its interrupt") {
    test_platform p;
    edu::function f(p);
    enable(f);
    f.mmio_write(0x20, 4, 0x80);  // interrupt on completion
    f.mmio_write(0x08, 4, 10);
    CHECK(f.mmio_read(0x20, 4) == 0x81);  // busy
    CHECK(f.mmio_read(0x08, 4) == 10);    // still the input
    f.mmio_write(0x08, 4, 3);             // ignored while busy
    CHECK(f.mmio_read(0x08, 4) == 10);
    CHECK_FALSE(p.line);
    f.advance(0);
    CHECK(f.mmio_read(0x08, 4) == 3628800);
    CHECK(f.mmio_read(0x20, 4) == 0x80);
    CHECK(f.mmio_read(0x24, 4) == edu::fact_irq);
    CHECK(p.line);                                      // INTx asserted, level-triggered
    CHECK((f.config_read(0x06, 2) & 0x8) != 0);         // Status.Interrupt Status
    f.mmio_write(0x08, 4, 13);
    f.advance(0);
    CHECK(f.mmio_read(0x08, 4) == 1932053504u);  // 13! mod 2^32, as QEMU's uint32_t
    f.mmio_write(0x64, 4, edu::fact_irq);        // acknowledge: the line drops
    CHECK_FALSE(p.line);
    CHECK((f.config_read(0x06, 2) & 0x8) == 0);
    // Every n mod 2^32 as QEMU's loop gives it, the loop run here for reference; from 34 on it is
    // 0, and a guest's largest n costs the model nothing (not 2^32 multiplications).
    for (std::uint32_t n : {0u, 1u, 2u, 12u, 31u, 32u, 33u, 34u, 35u, 100u, 0xffffffffu}) {
        std::uint32_t want = 1;
        for (std::uint32_t k = 2; k <= n && k <= 40; ++k) want *= k;  // past 40 it stays 0
        f.mmio_write(0x08, 4, n);
        f.advance(0);
        INFO("n = " << n);
        CHECK(f.mmio_read(0x08, 4) == want);
    }
}

TEST_CASE("INTx follows Interrupt Disable, MSI replaces INTx once enabled") {
    test_platform p;
    edu::function f(p);
    enable(f);
    f.mmio_write(0x60, 4, 0x4);
    CHECK(p.line);
    f.config_write(0x04, 2, 0x0406);  // Interrupt Disable: the line drops, the status stays
    CHECK_FALSE(p.line);
    CHECK((f.config_read(0x06, 2) & 0x8) != 0);
    f.config_write(0x04, 2, 0x0006);
    CHECK(p.line);
    // MSI: address FEE00000h, data 4021h, enable. Enabling deasserts INTx.
    f.config_write(0x44, 4, 0xfee00000);
    f.config_write(0x48, 4, 0);
    f.config_write(0x4c, 2, 0x4021);
    f.config_write(0x42, 2, 0x0001);
    CHECK_FALSE(p.line);
    f.mmio_write(0x60, 4, 0x2);  // every raise sends the message (QEMU msi_notify)
    f.mmio_write(0x60, 4, 0x0);  // raising nothing new still signals: bits are pending
    REQUIRE(p.msis.size() == 2);
    CHECK(p.msis[0] == pci::msi_message{0xfee00000, 0x4021});
    f.config_write(0x04, 2, 0x0002);  // bus mastering off: an MSI is a memory write, not sent
    f.mmio_write(0x60, 4, 0x1);
    CHECK(p.msis.size() == 2);
    CHECK(f.mmio_read(0x24, 4) == 0x7);
}

TEST_CASE("DMA both ways after 100 ms of virtual time, bus mastering and the range check") {
    test_platform p;
    edu::function f(p);
    enable(f);
    for (unsigned i = 0; i < 16; ++i) p.mem.bytes()[0x1000 + i] = static_cast<std::uint8_t>(0xa0 + i);
    // RAM 101000h -> buffer 40010h, 16 bytes, interrupt when done.
    f.mmio_write(0x80, 8, 0x101000);
    f.mmio_write(0x88, 8, 0x40010);
    f.mmio_write(0x90, 8, 16);
    f.mmio_write(0x98, 8, 0x1 | 0x4);
    f.mmio_write(0x80, 8, 0);  // ignored while the transfer runs
    CHECK(f.mmio_read(0x80, 8) == 0x101000);
    f.advance(99'999'999);
    CHECK(f.mmio_read(0x98, 8) == 0x5);  // not yet
    f.advance(1);
    CHECK(f.mmio_read(0x98, 8) == 0x4);  // RUN clears
    CHECK(f.mmio_read(0x24, 4) == edu::dma_irq);
    CHECK(f.bar0().hooks().buffer[0x10] == 0xa0);
    CHECK(f.bar0().hooks().buffer[0x1f] == 0xaf);
    // Buffer 40010h -> RAM 102000h (DMA mask: bits 27:0 of the guest address).
    f.mmio_write(0x80, 8, 0x40010);
    f.mmio_write(0x88, 8, 0xf0102000);
    f.mmio_write(0x98, 8, 0x1 | 0x2);
    f.advance(edu::dma_delay_ns);
    CHECK(p.mem.bytes()[0x2000] == 0xa0);
    CHECK(p.mem.bytes()[0x200f] == 0xaf);
    // QEMU's range check is strict at the end: the whole 4 KiB buffer is refused (QEMU aborts).
    f.mmio_write(0x80, 8, 0x40000);
    f.mmio_write(0x90, 8, 4096);
    f.mmio_write(0x98, 8, 0x1 | 0x2);
    f.advance(edu::dma_delay_ns);
    CHECK(f.mmio_read(0x98, 8) == 0x2);
    CHECK(f.bar0().hooks().dma_errors == 1);
    // Bus mastering off: the read brings zeros (QEMU reads unassigned memory), RAM is untouched.
    f.config_write(0x04, 2, 0x0002);
    f.mmio_write(0x80, 8, 0x101000);
    f.mmio_write(0x88, 8, 0x40010);
    f.mmio_write(0x90, 8, 16);
    f.mmio_write(0x98, 8, 0x1);
    f.advance(edu::dma_delay_ns);
    CHECK(f.bar0().hooks().buffer[0x10] == 0);
    CHECK(f.mmio_read(0x98, 8) == 0);
}

TEST_CASE("a snapshot carries pending work, and a bad one changes nothing") {
    test_platform p;
    edu::function a(p);
    enable(a);
    a.mmio_write(0x08, 4, 6);           // a factorial pending
    a.mmio_write(0x80, 8, 0x101000);
    a.mmio_write(0x88, 8, 0x40000);
    a.mmio_write(0x90, 8, 8);
    a.mmio_write(0x98, 8, 0x1);         // a DMA pending, due in 100 ms
    a.advance(40'000'000);              // the factorial completes; the DMA does not
    a.mmio_write(0x08, 4, 4);           // and another factorial is pending
    const std::vector<std::uint8_t> snap = a.save();

    test_platform q;
    edu::function b(q);
    REQUIRE(b.restore(snap));
    CHECK(b.save() == snap);
    CHECK(b.mmio_read(0x20, 4) == 0x01);  // still busy
    b.advance(0);
    CHECK(b.mmio_read(0x08, 4) == 24);
    q.mem.bytes()[0x1000] = 0x5a;
    b.advance(59'999'999);
    CHECK(b.mmio_read(0x98, 8) == 1);
    b.advance(1);                         // due 100 ms after it started, in b's time too
    CHECK(b.mmio_read(0x98, 8) == 0);
    CHECK(b.bar0().hooks().buffer[0] == 0x5a);

    edu::function c(q);
    const std::vector<std::uint8_t> before = c.save();
    std::vector<std::uint8_t> bad = snap;
    bad[bad.size() / 2] ^= 1;
    CHECK_FALSE(c.restore(bad));
    CHECK_FALSE(c.restore(std::span(snap).first(snap.size() - 1)));
    CHECK(c.save() == before);
}

TEST_CASE("the function moves and copies, and each copy drives its own platform binding") {
    test_platform p;
    edu::function a(p);
    enable(a);
    a.mmio_write(0x04, 4, 1);
    edu::function b = std::move(a);
    CHECK(b.mmio_read(0x04, 4) == 0xfffffffe);
    b.mmio_write(0x60, 4, 1);  // the moved model still reaches the platform and its config space
    CHECK(p.line);
    CHECK((b.config_read(0x06, 2) & 0x8) != 0);
    std::vector<edu::function> several;
    for (int i = 0; i < 4; ++i) several.push_back(b);  // reallocation moves them
    several[3].mmio_write(0x64, 4, 1);
    CHECK((several[3].config_read(0x06, 2) & 0x8) == 0);
    CHECK((several[0].config_read(0x06, 2) & 0x8) != 0);
}

TEST_CASE("lspci decodes the config space as QEMU's edu") {
    REGSPACE_NEEDS_LSPCI();
    test_platform p;
    edu::function f(p);
    f.config_write(0x10, 4, 0xfe000000);
    const std::string out = regspace::test::lspci_decode(pci::lspci_dump(f.config_space(), "00:01.0"), "edu");
    CHECK(out.find("00:01.0 Unclassified device [00ff]: Device 1234:11e8 (rev 10)") != std::string::npos);
    CHECK(out.find("Subsystem: Red Hat, Inc. Device 1100") != std::string::npos);
    CHECK(out.find("Interrupt: pin A routed to IRQ 0") != std::string::npos);
    CHECK(out.find("Region 0: Memory at fe000000 (32-bit, non-prefetchable) [disabled]") != std::string::npos);
    CHECK(out.find("MSI: Enable- Count=1/1 Maskable- 64bit+") != std::string::npos);
}
