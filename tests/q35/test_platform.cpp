// SPDX-License-Identifier: MIT
// The Q35 board: both configuration mechanisms, the ECAM window PCIEXBAR moves, the memory-map
// events the MCH reports, a platform reset through RST_CNT, the NIC's BARs and VFs, and the qtest
// front end's answers to malformed lines.
#include <doctest/doctest.h>

#include <algorithm>
#include <type_traits>
#include <string>
#include <vector>

#include "q35_board.hpp"
#include "support/cf8.hpp"
#include "qtest.hpp"

namespace tests_q35_platform {

namespace q35 = regspace::q35;

namespace {
struct recorder {
    std::vector<std::string> events;
    explicit recorder(board::q35_board& b) {
        b.platform.on_event = [this](const q35::event& e) { events.push_back(e.text); };
    }
};
using regspace::test::cf8_read;
using regspace::test::cf8_write;
}  // namespace

TEST_CASE("q35: CF8/CFC reaches the MCH and the NIC, and empty slots and a clear enable bit read all-ones") {
    board::q35_board b;
    CHECK(cf8_read(b, 0x00, 0x00, 4) == 0x29c08086);
    CHECK(cf8_read(b, board::nic_devfn, 0x00, 4) == 0x10c98086);
    CHECK(cf8_read(b, board::nic_devfn, 0x08, 4) == 0x02000001);
    CHECK(cf8_read(b, 0x08, 0x00, 4) == 0xffffffff);
    CHECK(cf8_read(b, 0x00, 0x02, 2) == 0x29c0);
    b.platform.io_write(0xcf8, 4, 0x00000000);
    CHECK(b.platform.io_read(0xcfc, 4) == 0xffffffff);
    b.platform.io_write(0xcf8, 2, 0x8000);  // not a 4-byte write at CF8h: ignored
    CHECK(b.platform.config_address() == 0);
    CHECK(b.platform.io_read(0xcf8, 4) == 0);
}

TEST_CASE("q35: PCIEXBAR opens, moves and closes the ECAM window, and says so") {
    board::q35_board b;
    recorder r(b);
    CHECK(b.platform.mem_read(0xe0000000, 4) == 0);  // nothing there yet
    cf8_write(b, 0, 0x60, 4, 0xe0000005);
    CHECK(b.platform.ecam() == q35::ecam_window{true, true, 0xe0000000, 64u << 20});
    REQUIRE(r.events.size() == 1);
    CHECK(r.events[0] == "ECAM window 0xe0000000-0xe3ffffff (64 buses)");
    CHECK(b.platform.mem_read(0xe0000000, 4) == 0x29c08086);
    CHECK(b.platform.mem_read(0xe0000100, 4) == 0xffffffff);  // the MCH has 256 bytes
    CHECK(b.platform.mem_read(0xe0010100, 4) == 0x00010010);  // the NIC's SR-IOV capability header
    CHECK(b.platform.mem_read(0xe0100000, 4) == 0xffffffff);  // bus 1: nothing
    CHECK(b.platform.mem_read(0xe4000000, 4) == 0);           // past the 64 buses
    // Reserved length: the window stays; moving it through the window itself.
    b.platform.mem_write(0xe0000060, 4, 0xd0000007);
    CHECK(r.events.back() == "PCIEXBAR length 11b is reserved: ECAM window unchanged");
    CHECK(b.platform.ecam().base == 0xe0000000);
    b.platform.mem_write(0xe0000060, 4, 0xd0000001);
    CHECK(r.events.back() == "ECAM window 0xd0000000-0xdfffffff (256 buses)");
    CHECK(b.platform.mem_read(0xe0000000, 4) == 0);
    CHECK(b.platform.mem_read(0xd0000000, 8) == 0x0000000029c08086);  // two dword config reads
    b.platform.mem_write(0xd0000060, 1, 0x00);
    CHECK(r.events.back() == "ECAM window off");
    CHECK(b.platform.mem_read(0xd0000000, 4) == 0);
}

TEST_CASE("q35: PAM and SMRAM changes are reported as memory attributes") {
    board::q35_board b;
    recorder r(b);
    cf8_write(b, 0, 0x91, 1, 0x31);
    REQUIRE(r.events.size() == 2);
    CHECK(r.events[0] == "PAM1 0xc0000-0xc3fff: read-only DRAM");
    CHECK(r.events[1] == "PAM1 0xc4000-0xc7fff: DRAM");
    CHECK(b.platform.pam(1, false) == q35::pam_attr::read_only);
    cf8_write(b, 0, 0x90, 1, 0x20);
    CHECK(r.events.back() == "PAM0 0xf0000-0xfffff: write-only DRAM (QEMU: read/write)");
    cf8_write(b, 0, 0x9e, 1, 0x01);  // T_EN without G_SMRAME: no TSEG yet, nothing to report
    CHECK(r.events.size() == 3);
    cf8_write(b, 0, 0x9d, 1, 0x0a);
    CHECK(r.events.back() == "SMRAM enabled; TSEG 1 MB");
    cf8_write(b, 0, 0x9d, 1, 0x1a);
    CHECK(r.events.back() == "SMRAM enabled; TSEG 1 MB; locked until reset");
    CHECK(b.platform.smram().locked);
    cf8_write(b, 0, 0x9c, 1, 0xff);
    CHECK(r.events.back() == "SMRAM at SMBASE negotiated");
}

TEST_CASE("q35: RST_CNT's RST_CPU resets the platform as QEMU does") {
    board::q35_board b;
    recorder r(b);
    cf8_write(b, 0, 0x60, 4, 0xe0000001);
    cf8_write(b, 0, 0x9d, 1, 0x1a);
    cf8_write(b, 0, 0x91, 1, 0x33);        // PAM1
    cf8_write(b, 0, 0xd0, 4, 0x12345678);  // scratch
    cf8_write(b, board::nic_devfn, 0x04, 2, 0x0006);
    b.platform.io_write(0xcf9, 1, 0x0a);  // SYS_RST | FULL_RST: kept, nothing happens yet
    CHECK(b.platform.io_read(0xcf9, 1) == 0x0a);
    CHECK(b.platform.smram().locked);
    b.platform.io_write(0xcf8, 4, 0x800000d0);
    b.platform.io_write(0xcf9, 1, 0x0e);
    CHECK(b.platform.io_read(0xcf9, 1) == 0);
    CHECK(b.platform.config_address() == 0x800000d0);  // the latch survives (QEMU keeps it)
    CHECK(!b.platform.smram().locked);
    CHECK(!b.platform.ecam().enabled);
    CHECK(b.nic.read(0x04, 2) == 0);
    // QEMU's mch_reset() leaves PAM and the scratch bytes alone; PCIEXBAR and SMRAM are reset.
    CHECK(cf8_read(b, 0, 0xd0, 4) == 0x12345678);
    CHECK(cf8_read(b, 0, 0x91, 1) == 0x33);
    CHECK(b.platform.pam(1, true) == q35::pam_attr::normal);
    CHECK(cf8_read(b, 0, 0x60, 4) == 0xb0000000);
    CHECK(cf8_read(b, 0, 0x9c, 4) == 0x00380200);
    CHECK(std::find(r.events.begin(), r.events.end(), "platform reset") != r.events.end());
    CHECK(r.events.back() == "ECAM window off");
}

TEST_CASE("q35: the datasheet profile resets everything, and a device copy cannot exist") {
    q35::platform<q35::datasheet> p;
    p.io_write(0xcf8, 4, 0x800000b0);
    p.io_write(0xcfc, 2, 0x8000);
    p.io_write(0xcf9, 1, 0x04);
    p.io_write(0xcf8, 4, 0x800000b0);
    CHECK(p.io_read(0xcfc, 2) == 0x0010);  // TOLUD back to its datasheet default
    // The MCH's hooks point at the platform: copying the device (and so the hooks) is refused.
    static_assert(!std::is_copy_constructible_v<q35::platform<>::mch_device>);
}

TEST_CASE("q35: TSEG_SZ 11b is QEMU's 16 MB whatever register 50h holds") {
    board::q35_board b;
    recorder r(b);
    cf8_write(b, 0, 0x50, 2, 0x0001);
    cf8_write(b, 0, 0x9c, 4, 0x00870a00);
    CHECK(r.events.back() == "SMRAM enabled; TSEG 16 MB; high SMRAM");
    CHECK(b.platform.smram().tseg_mb == 16);
}

TEST_CASE("q35: a multi-piece write that moves the window finishes in the old one") {
    board::q35_board b;
    cf8_write(b, 0, 0x60, 4, 0xe0000001);
    b.platform.mem_write(0xe0000060, 8, 0x00000001d0000001ull);  // low dword moves it, high still lands
    CHECK(b.platform.ecam().base == 0x1d0000000ull);
    CHECK(b.platform.mem_read(0x1d0000000ull, 4) == 0x29c08086);
}

TEST_CASE("q35: I/O space ends at FFFFh: no wrap to port 0") {
    board::q35_board b;
    CHECK(b.platform.io_read(0xffff, 2) == 0x00ff);
    CHECK(b.platform.io_read(0xfffe, 4) == 0x0000ffff);
    b.platform.io_write(0xcf8, 4, 0x80000000);
    b.platform.io_write(0xffff, 4, 0);  // would reach CF8h if it wrapped... it must not
    CHECK(b.platform.config_address() == 0x80000000);
}

TEST_CASE("q35 board: VFs and the MSI-X table follow the PF whoever writes it") {
    board::q35_board b;
    b.nic.write(0x110, 2, 2);
    b.nic.write(0x108, 2, 0x0001);  // directly on the device, not through the bus
    CHECK(b.platform.config_read(0, 0x92, 0x08, 4) == 0x02000001);
    b.nic.write(0x108, 2, 0);
    b.nic.write(0x110, 2, 8);
    b.nic.write(0x108, 2, 0x0001);
    CHECK(b.nic.hooks().vfs.size() == 8);
    CHECK(b.platform.config_read(0, 0x9e, 0x08, 4) == 0x02000001);  // VF 7 at 0x10 + 0x80 + 14
    CHECK(b.platform.config_read(0, 0x90, 0x08, 4) == 0x02000001);
    // FLR (Device Control bit 15) resets the table kept beside the config space.
    b.msix_table.write(0x0c, 4, 0);
    CHECK(b.msix_table.read(0x0c, 4) == 0);
    b.nic.write(0xa8, 2, 0x8000);
    CHECK(b.msix_table.read(0x0c, 4) == 1);
    CHECK(b.nic.hooks().vfs.size() == 0);
    CHECK(b.platform.config_read(0, 0x90, 0x08, 4) == 0xffffffff);
}

TEST_CASE("q35: the NIC's MSI-X table decodes in memory once BAR3 is assigned and MSE set") {
    board::q35_board b;
    cf8_write(b, 0, 0x60, 4, 0xe0000001);
    const std::uint64_t nic = 0xe0000000 + (board::nic_devfn << 12);
    b.platform.mem_write(nic + 0x1c, 4, 0xfebf0000);  // BAR3 (64-bit): 0xfebf0000
    b.platform.mem_write(nic + 0x20, 4, 0);
    CHECK(b.platform.mem_read(0xfebf000c, 4) == 0);  // MSE off: not decoded
    b.platform.mem_write(nic + 0x04, 2, 0x0006);
    CHECK(b.platform.mem_read(0xfebf000c, 4) == 1);  // vector 0 masked at reset
    b.platform.mem_write(0xfebf0000, 8, 0x00000000fee00000);
    b.platform.mem_write(0xfebf0008, 4, 0x4041);
    b.platform.mem_write(0xfebf000c, 4, 0);
    CHECK(b.msix_table.get<regspace::pci::msix::addr_lo>(0) == 0xfee00000);
    CHECK(b.msix_table.get<regspace::pci::msix::data>(0) == 0x4041);
    CHECK(b.platform.mem_read(0xfebf2000, 8) == 0);  // PBA
    b.platform.mem_write(0xfebf2000, 8, ~0ull);      // read-only
    CHECK(b.platform.mem_read(0xfebf2000, 8) == 0);
}

TEST_CASE("q35: VFs appear at their routing IDs with VF Enable, and their MSI-X in VF BAR2") {
    board::q35_board b;
    cf8_write(b, 0, 0x60, 4, 0xe0000001);
    const std::uint64_t pf = 0xe0000000 + (board::nic_devfn << 12);
    CHECK(b.platform.mem_read(0xe0000000 + (0x90 << 12) + 8, 4) == 0xffffffff);
    b.platform.mem_write(pf + 0x110, 2, 2);           // NumVFs
    b.platform.mem_write(pf + 0x12c, 4, 0xd0000000);  // VF BAR2 (64-bit)
    b.platform.mem_write(pf + 0x108, 2, 0x0009);      // VF Enable, VF MSE
    REQUIRE(b.nic.hooks().vfs.size() == 2);
    CHECK(b.vf_rid(0) == 0x90);
    CHECK(b.vf_rid(1) == 0x92);
    CHECK(b.platform.mem_read(0xe0000000 + (0x90 << 12), 4) == 0xffffffff);  // VF IDs read FFFFh
    CHECK(b.platform.mem_read(0xe0000000 + (0x92 << 12) + 8, 4) == 0x02000001);
    CHECK(b.platform.mem_read(0xe0000000 + (0x92 << 12) + 0x70, 1) == 0x11);  // MSI-X capability
    // VF 1's MSI-X table: VF BAR2 + 1 * 16 KiB.
    b.platform.mem_write(0xd0004008, 4, 0x55);
    CHECK(b.vf_tables.at(1).get<regspace::pci::msix::data>(0) == 0x55);
    CHECK(b.platform.mem_read(0xd0004008, 4) == 0x55);
    b.platform.mem_write(pf + 0x108, 2, 0x0000);  // VF Enable off: gone
    CHECK(b.platform.mem_read(0xe0000000 + (0x92 << 12) + 8, 4) == 0xffffffff);
    CHECK(b.platform.mem_read(0xd0004008, 4) == 0);
}

TEST_CASE("qtest: QEMU's answers, and a FAIL line where QEMU would abort") {
    board::q35_board b;
    qtest::qtest_session s(b.platform);
    CHECK(s.answer("outl 0xcf8 0x80000000") == "OK");
    CHECK(s.answer("inl 0xcfc") == "OK 0x29c08086");
    CHECK(s.answer("inb 3324") == "OK 0x0086");              // decimal
    CHECK(s.answer("inw 06374") == "OK 0x8086");             // octal 06374 = 0xcfc
    CHECK(s.answer("inb 0xcfc trailing words") == "OK 0x0086");
    CHECK(s.answer("readq 0x0") == "OK 0x0000000000000000");
    CHECK(s.answer("endianness") == "OK little");
    CHECK(s.answer("frob 1") == "FAIL Unknown command 'frob'");
    CHECK(s.answer("inq 0x80") == "FAIL Unknown command 'inq'");
    CHECK(s.answer("clock_step 10") == "FAIL Unsupported command 'clock_step'");
    CHECK(s.answer("") == "FAIL empty line (QEMU aborts on it)");
    CHECK(s.answer("outb 0x80") == "FAIL outb: missing argument (usage: outb PORT VALUE)");
    CHECK(s.answer("inb") == "FAIL inb: missing argument (usage: inb PORT)");
    CHECK(s.answer("inb 0x1zz") == "FAIL inb: bad number '0x1zz'");
    CHECK(s.answer("inb 0x") == "FAIL inb: bad number '0x'");
    CHECK(s.answer("inb 08") == "FAIL inb: bad number '08'");
    CHECK(s.answer("inl 0xcfc\r") == "FAIL inl: bad number '0xcfc\r'");
    CHECK(s.answer("inb  0x80") == "FAIL inb: bad number ''");
    CHECK(s.answer("inb 0x10000") == "FAIL inb: port 0x10000 is above 0xffff");
    CHECK(s.answer("writel 0x0 99999999999999999999") == "FAIL writel: bad number '99999999999999999999'");
    CHECK(s.answer("read 0x0 0") == "FAIL read: length must be 1 to 1048576");
    CHECK(s.answer("write 0x0 0 0x12") == "OK");  // QEMU checks LEN only for read
    CHECK(s.answer("write 0x0 2 0x") == "ERR invalid argument size");
    CHECK(s.answer("qmp") == "FAIL Unknown command 'qmp'");
    CHECK(s.answer("inl \t0xcfc") == "OK 0x29c08086");  // strtoull skips leading white space
    CHECK(s.answer("outl 0xcf8 0x800000c0") == "OK");
    CHECK(s.answer("write 0x0 1 0x00") == "OK");
    CHECK(s.answer("outl 0xcf8 0x80000060") == "OK");
    CHECK(s.answer("outl 0xcfc 0xe0000001") == "OK");
    CHECK(s.answer("write 0xe00000c0 4 0xz1Z2a3AG") == "OK");  // bad high nibble: F0h | low
    CHECK(s.answer("readl 0xe00000c0") == "OK 0x00000000ffa3f2f1");
    // and it carries on
    CHECK(s.answer("outl 0xcf8 0x80000000") == "OK");
    CHECK(s.answer("inl 0xcfc") == "OK 0x29c08086");
}

namespace {
constexpr regspace::pci::identity port_id{.vendor = 0x1b36, .device = 0x000c, .class_code = 0x060400};
using root_port_cfg = regspace::pci::config_space<"root port", regspace::pci::type1<port_id>,
    regspace::pci::at<regspace::pci::pcie<regspace::pci::pcie_params{.type = regspace::pci::port_type::root_port,
                                                                      .slot = true, .hot_plug = true}>, 0x40>>;
using endpoint_cfg = regspace::pci::config_space<"endpoint",
    regspace::pci::type0<regspace::pci::identity{.vendor = 0x1af4, .device = 0x1041, .class_code = 0x020000}>>;
}  // namespace

TEST_CASE("q35: a function behind a root port is reached by CF8/CFC and ECAM once the port has bus numbers") {
    board::q35_board b;
    regspace::pci::bus below;
    regspace::device<root_port_cfg::type> rp;
    regspace::device<endpoint_cfg::type> ep;
    b.platform.bus(0).attach(0xe0, rp, &below);  // 00:1c.0
    below.attach(0x00, ep);
    const auto cf8_on = [&](unsigned bus, unsigned devfn, unsigned off) {
        b.platform.io_write(0xcf8, 4, 0x80000000u | bus << 16 | devfn << 8 | off);
        return b.platform.io_read(0xcfc, 4);
    };
    CHECK(cf8_on(1, 0x00, 0) == 0xffffffff);  // the port forwards nothing yet
    cf8_write(b, 0xe0, 0x18, 4, 0x00010100);   // primary 0, secondary 1, subordinate 1
    CHECK(cf8_on(1, 0x00, 0) == 0x10411af4);
    CHECK(cf8_on(1, 0x08, 0) == 0xffffffff);   // device 1 behind a root port: not on its link
    cf8_write(b, 0, 0x60, 4, 0xe0000001);      // ECAM at E000_0000h
    CHECK(b.platform.mem_read(0xe0000000 + (1u << 20), 4) == 0x10411af4);
    const auto fns = b.platform.functions();
    CHECK(std::find(fns.begin(), fns.end(), std::pair<unsigned, unsigned>{1, 0}) != fns.end());
}
}  // namespace tests_q35_platform
