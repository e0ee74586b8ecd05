// SPDX-License-Identifier: MIT
// Whole-platform save and restore (issue #7, migration): the Q35 board with its ECAM window moved,
// PAM programmed, SMRAM locked, the NIC's BARs assigned, MSI-X programmed and four VFs enabled,
// saved and restored into a fresh board; and snapshots that are cut short, corrupted or
// inconsistent refused with the board left exactly as it was.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "q35_board.hpp"
#include "support/cf8.hpp"

namespace tests_q35_board_snapshot {

namespace q35 = regspace::q35;

namespace {
constexpr std::uint64_t ecam = 0xe0000000;
constexpr std::uint64_t nic_cfg = ecam + (board::nic_devfn << 12);

using regspace::test::cf8_write;

// Firmware and a guest driver at work: everything a snapshot has to carry.
void busy_machine(board::q35_board& b) {
    cf8_write(b, 0, 0x60, 4, ecam | 5);                      // ECAM at 0xe0000000, 64 buses
    for (unsigned n = 0; n < 7; ++n) b.platform.mem_write(ecam + 0x90 + n, 1, n ? 0x33 : 0x30);  // PAM
    b.platform.mem_write(ecam + 0x9e, 1, 0x05);              // TSEG 8 MB
    b.platform.mem_write(ecam + 0x9d, 1, 0x1a);              // G_SMRAME + D_LCK: locked
    b.platform.mem_write(nic_cfg + 0x1c, 4, 0xfebf0000);     // BAR3: MSI-X table and PBA
    b.platform.mem_write(nic_cfg + 0x04, 2, 0x0006);         // MSE, BME
    b.platform.mem_write(nic_cfg + 0x72, 2, 0x8000);         // MSI-X enable
    b.platform.mem_write(0xfebf0010, 8, 0x00000000fee01000); // vector 1: address, data, unmasked
    b.platform.mem_write(0xfebf0018, 4, 0x4042);
    b.platform.mem_write(0xfebf001c, 4, 0);
    b.platform.mem_write(nic_cfg + 0x110, 2, 4);             // NumVFs
    b.platform.mem_write(nic_cfg + 0x12c, 4, 0xd0000000);    // VF BAR2
    b.platform.mem_write(nic_cfg + 0x108, 2, 0x0009);        // VF Enable, VF MSE
    b.platform.mem_write(0xd0008008, 4, 0x77);               // VF 2's vector 0 data
    b.platform.mem_write(ecam + (0x94u << 12) + 0x04, 2, 0x0004);  // VF 2: bus mastering
    cf8_write(b, 0, 0x00, 4, 0);                             // leave CONFIG_ADDRESS at 0x80000000
}

// The board container (q35_board::save): magic, version, nine sections (platform, NIC, its
// MSI-X table, the PCI Express tree's six functions), VF count, two sections per VF, checksum. sections() splits it; assemble() puts it back together with a fresh checksum.
std::uint64_t le(const std::vector<std::uint8_t>& b, std::size_t at, unsigned n) {
    std::uint64_t v = 0;
    for (unsigned i = 0; i < n; ++i) v |= std::uint64_t{b.at(at + i)} << (8 * i);
    return v;
}
constexpr std::size_t fixed_sections = 9;
std::vector<std::vector<std::uint8_t>> sections(const std::vector<std::uint8_t>& snap) {
    std::vector<std::vector<std::uint8_t>> out;
    std::size_t at = 10;
    auto one = [&] {
        const std::size_t n = le(snap, at, 4);
        out.emplace_back(snap.begin() + static_cast<std::ptrdiff_t>(at + 4), snap.begin() + static_cast<std::ptrdiff_t>(at + 4 + n));
        at += 4 + n;
    };
    for (std::size_t i = 0; i < fixed_sections; ++i) one();
    const std::size_t vfs = le(snap, at, 4);
    at += 4;
    for (std::size_t i = 0; i < 2 * vfs; ++i) one();
    return out;
}
std::vector<std::uint8_t> assemble(const std::vector<std::vector<std::uint8_t>>& parts, std::uint32_t vfs) {
    std::vector<std::uint8_t> out = {'Q', '3', '5', 'B', 'O', 'A', 'R', 'D', 2, 0};
    auto put = [&](std::uint64_t v, unsigned n) {
        for (unsigned i = 0; i < n; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    };
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i == fixed_sections) put(vfs, 4);
        put(parts[i].size(), 4);
        out.insert(out.end(), parts[i].begin(), parts[i].end());
    }
    if (parts.size() == fixed_sections) put(vfs, 4);
    put(regspace::snapshot_checksum(out), 8);
    return out;
}

}  // namespace

TEST_CASE("board snapshot: a busy Q35 machine restores into a fresh board, VFs and locked SMRAM included") {
    board::q35_board a;
    busy_machine(a);
    REQUIRE(a.nic.hooks().vfs.size() == 4);
    REQUIRE(a.platform.smram().locked);
    const std::vector<std::uint8_t> snap = a.save();

    board::q35_board b;
    std::vector<std::string> events;
    b.platform.on_event = [&](const q35::event& e) { events.push_back(e.text); };
    const regspace::restore_result r = b.restore(snap);
    REQUIRE_MESSAGE(r, r.message);
    CHECK(b.observable() == a.observable());
    CHECK(b.nic.hooks().vfs.size() == 4);
    CHECK(b.platform.present(0, 0x94));  // VF 2 at its routing ID
    // The restored memory map was re-derived from the registers, and reported.
    CHECK(std::find(events.begin(), events.end(), "ECAM window 0xe0000000-0xe3ffffff (64 buses)") != events.end());

    // The two machines now behave the same: the lock holds, the tables decode, VFs answer.
    for (board::q35_board* m : {&a, &b}) {
        m->platform.mem_write(ecam + 0x9d, 1, 0x4a);  // D_OPEN: refused, SMRAM is locked
        m->platform.mem_write(ecam + 0x9e, 1, 0x00);  // TSEG off: refused too
        m->platform.mem_write(0xd0008008, 4, 0x99);   // VF 2's table through VF BAR2
    }
    CHECK(b.observable() == a.observable());
    CHECK(b.platform.mem_read(ecam + 0x9d, 1) == 0x1a);
    CHECK(b.platform.mem_read(0xfebf0018, 4) == 0x4042);
    CHECK(b.platform.mem_read(0xd0008008, 4) == 0x99);
    // And the two save to the same bytes.
    CHECK(b.save() == a.save());
}

TEST_CASE("board snapshot: truncated, corrupted or inconsistent snapshots are refused, the board unchanged") {
    board::q35_board a;
    busy_machine(a);
    const std::vector<std::uint8_t> snap = a.save();
    board::q35_board b;  // a board in another state: fresh, with its own ECAM and one VF
    cf8_write(b, 0, 0x60, 4, 0xb0000001);
    b.nic.write(0x110, 2, 1);
    b.nic.write(0x108, 2, 1);
    const std::vector<std::uint64_t> before = b.observable();

    std::size_t refused = 0;
    for (std::size_t n = 0; n < snap.size(); n += n < 64 ? 1 : 41) {  // prefixes
        const regspace::restore_result r = b.restore(std::span(snap).first(n));
        CHECK_FALSE(r);
        ++refused;
    }
    for (std::size_t i = 0; i < snap.size(); i += i < 64 ? 1 : 37) {  // single-byte corruption
        std::vector<std::uint8_t> bad = snap;
        bad[i] ^= 0x41;
        const regspace::restore_result r = b.restore(bad);
        INFO("byte " << i << ": " << r.message);
        CHECK_FALSE(r);
        ++refused;
    }
    CHECK(b.observable() == before);
    CHECK(refused > 1000);

    // An inconsistent snapshot with a valid checksum: the NIC's section from a machine whose VF
    // Enable is off, the VF sections from one with four VFs. Refused: the VF count does not match.
    board::q35_board c;
    busy_machine(c);
    c.nic.write(0x108, 2, 0);
    const std::vector<std::uint8_t> without_vfs = c.save();
    const std::vector<std::vector<std::uint8_t>> sa = sections(snap), sc = sections(without_vfs);
    REQUIRE(sa.size() == fixed_sections + 2 * 4);
    REQUIRE(sc.size() == fixed_sections);
    std::vector<std::vector<std::uint8_t>> mixed = sa;
    mixed[1] = sc[1];
    const regspace::restore_result r = b.restore(assemble(mixed, 4));
    CHECK(r.error == regspace::restore_error::invariant);
    CHECK(r.message.find("VF sections") != std::string::npos);
    CHECK(b.observable() == before);
    // A container whose own checksum is right but one of whose sections is corrupted: refused
    // whichever section it is, before anything of the board changes (the VF sections come last).
    for (std::size_t k = 0; k < sa.size(); ++k) {
        std::vector<std::vector<std::uint8_t>> bad = sa;
        bad[k][bad[k].size() / 2] ^= 0x10;
        const regspace::restore_result rk = b.restore(assemble(bad, 4));
        INFO("section " << k << ": " << rk.message);
        CHECK_FALSE(rk);
        CHECK(b.observable() == before);
    }
    CHECK(b.restore(assemble(sa, 4)));  // the container rebuilt as it was: accepted
    CHECK(b.observable() == a.observable());
    CHECK(b.restore(without_vfs));      // and the consistent one without VFs
    CHECK(b.nic.hooks().vfs.size() == 0);
}

TEST_CASE("board snapshot: the ECAM window travels with the platform, also where PCIEXBAR alone does not decide it") {
    board::q35_board a;
    cf8_write(a, 0, 0x60, 4, 0xe0000005);  // 64 buses at 0xe0000000
    cf8_write(a, 0, 0x60, 4, 0xb0000007);  // reserved length: the window stays where it was
    REQUIRE(a.platform.ecam() == q35::ecam_window{true, true, 0xe0000000, 64u << 20});
    board::q35_board b;
    REQUIRE(b.restore(a.save()));
    CHECK(b.platform.ecam() == a.platform.ecam());
    CHECK(b.observable() == a.observable());
    CHECK(b.platform.mem_read(0xe0000000, 4) == 0x29c08086);

    // A platform section whose window PCIEXBAR contradicts is refused, the platform unchanged.
    cf8_write(a, 0, 0x60, 4, 0xe0000005);  // now PCIEXBAR decodes to the window again
    std::vector<std::uint8_t> p = a.platform.save();
    board::q35_board c;
    REQUIRE(c.platform.restore(p));  // consistent: accepted
    // Patch the saved window's base (user section: address 4, RST_CNT 1, enable 1, base 8, size 8)
    // and the snapshot's checksum, so that only the invariant is wrong.
    const std::size_t user = p.size() - 8 - 22;
    p[user + 6 + 3] ^= 0x10;  // base bit 28
    const std::uint64_t h = regspace::snapshot_checksum(std::span<const std::uint8_t>(p).first(p.size() - 8));
    for (unsigned i = 0; i < 8; ++i) p[p.size() - 8 + i] = static_cast<std::uint8_t>(h >> (8 * i));
    board::q35_board d;
    const std::vector<std::uint64_t> d_before = d.observable();
    const regspace::restore_result r = d.platform.restore(p);
    CHECK(r.error == regspace::restore_error::invariant);
    CHECK(r.message.find("ECAM window") != std::string::npos);
    CHECK(d.observable() == d_before);
}
}  // namespace tests_q35_board_snapshot
