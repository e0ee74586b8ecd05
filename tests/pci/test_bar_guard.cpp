// SPDX-License-Identifier: MIT
// BAR policies: decode notifications, moves reported or refused while decoding, sizing untouched.
#include <doctest/doctest.h>

#include <vector>

#include "devices.hpp"

namespace tests_pci_bar_guard {

using namespace regspace;
using namespace regspace::test;

namespace {
struct platform {
    std::vector<std::pair<bool, bool>> decode;
    std::vector<unsigned> moved, refused;
    std::vector<p::bar_states> decoded;                       // with each decode change
    std::vector<std::pair<p::bar_state, p::bar_state>> moves;  // before, after
    void decode_changed(bool io, bool mem, const p::bar_states& now) {
        decode.emplace_back(io, mem);
        decoded.push_back(now);
    }
    void bar_moved(unsigned slot, const p::bar_state& before, const p::bar_state& after) {
        moved.push_back(slot);
        moves.emplace_back(before, after);
    }
    void bar_move_refused(unsigned slot) { refused.push_back(slot); }
};
}  // namespace

TEST_CASE("refuse-move policy (Xen): BAR writes dropped while its decoding is on") {
    platform plat;
    using guard = p::bar_guard<platform, true>;
    device<nic::type, guard> d(guard{&plat});
    // Sizing and programming with decoding off: nothing reaches the platform.
    d.write(0x10, 4, 0xffffffff);
    CHECK(d.read(0x10, 4) == 0xfffe0000);
    d.write(0x10, 4, 0xfebc0000);
    d.write(0x14, 4, 0xc000);
    CHECK(plat.moved.empty());
    CHECK(plat.refused.empty());
    d.write(0x04, 2, 0x0002);  // memory decoding on
    REQUIRE(plat.decode.size() == 1);
    CHECK(plat.decode[0] == std::pair{false, true});
    d.write(0x10, 4, 0xffffffff);  // refused: memory BAR, decoding on
    CHECK(d.read(0x10, 4) == 0xfebc0000);
    CHECK(plat.refused == std::vector<unsigned>{0});
    d.write(0x1c, 4, 0x1);  // the high half of a 64-bit BAR is a memory BAR too
    CHECK(d.read(0x1c, 4) == 0);
    CHECK(plat.refused.size() == 2);
    d.write(0x14, 4, 0xd000);  // I/O BAR: I/O decoding is off, so it may move
    CHECK(d.read(0x14, 4) == 0xd001);
    d.write(0x10, 4, 0xfebc0000);  // rewriting the same value is not a move
    CHECK(plat.refused.size() == 2);
    d.reset(reset_kind::flr);  // decoding goes off with the reset
    CHECK(plat.decode.back() == std::pair{false, false});
}

TEST_CASE("remap policy (QEMU): moves while decoding are reported") {
    platform plat;
    using guard = p::bar_guard<platform, false>;
    device<nic::type, guard> d(guard{&plat});
    d.write(0x04, 2, 0x0003);
    d.write(0x10, 4, 0xfe000000);
    CHECK(d.read(0x10, 4) == 0xfe000000);
    CHECK(plat.moved == std::vector<unsigned>{0});
    d.write(0x14, 2, 0xc000);  // a word write to the I/O BAR, I/O decoding on
    CHECK(plat.moved == std::vector<unsigned>{0, 1});
    CHECK(plat.refused.empty());
}

TEST_CASE("the expansion ROM is guarded as slot 6, and unimplemented BAR slots never count as moves") {
    platform plat;
    using guard = p::bar_guard<platform, true>;
    device<nic::type, guard> d(guard{&plat});
    d.write(0x30, 4, 0xfff80001);  // ROM at FFF80000h (256 KiB), enabled; memory decoding off
    CHECK(d.read(0x30, 4) == 0xfff80001);
    d.write(0x04, 2, 0x0002);      // memory decoding on: the ROM decodes
    d.write(0x30, 4, 0xffc00001);  // move while decoding: refused
    CHECK(d.read(0x30, 4) == 0xfff80001);
    CHECK(plat.refused == std::vector<unsigned>{p::rom_slot});
    d.write(0x30, 1, 0x00);        // disabling it is allowed, and reported
    CHECK(d.read(0x30, 4) == 0xfff80000);
    CHECK(plat.moved == std::vector<unsigned>{p::rom_slot});
    d.write(0x30, 4, 0xffc00000);  // not decoding now: it may move (nothing to report)
    CHECK(d.read(0x30, 4) == 0xffc00000);
    CHECK(plat.refused.size() == 1);
    CHECK(plat.moved.size() == 1);

    using one_bar = p::config_space<"one BAR", p::type0<nic_id, p::bars<p::mem32_bar<0x1000>>>>;
    platform plat2;
    device<one_bar::type, guard> e(guard{&plat2});
    e.write(0x04, 2, 0x0002);
    for (unsigned off = 0x14; off <= 0x24; off += 4) e.write(off, 4, 0xffffffff);  // BAR1-5: not implemented
    CHECK(plat2.refused.empty());
    e.write(0x10, 4, 0xfe000000);  // BAR0 is, and decodes: refused
    CHECK(plat2.refused == std::vector<unsigned>{0});
}

TEST_CASE("bar_guard reports what the BARs decode: kind, whole 64-bit base, size, decoding, the ROM") {
    platform plat;
    using guard = p::bar_guard<platform, false>;
    device<nic::type, guard> d(guard{&plat});
    d.write(0x10, 4, 0xfe000000);  // BAR0 mem32 128 KiB
    d.write(0x14, 4, 0xc000);      // BAR1 I/O 32 bytes
    d.write(0x18, 4, 0x00010000);  // BAR2/3 mem64 16 KiB, prefetchable, at 2_0001_0000h
    d.write(0x1c, 4, 0x2);
    d.write(0x04, 2, 0x0003);
    REQUIRE(plat.decoded.size() == 1);
    const p::bar_states& on = plat.decoded[0];
    CHECK(on[0] == p::bar_state{p::bar_kind::mem32, 0xfe000000, 0x20000, false, true});
    CHECK(on[1] == p::bar_state{p::bar_kind::io, 0xc000, 32, false, true});
    CHECK(on[2] == p::bar_state{p::bar_kind::mem64, 0x200010000ull, 0x4000, true, true});
    CHECK(on[3].kind == p::bar_kind::none);  // the upper dword decodes nothing of its own
    CHECK(on[6] == p::bar_state{p::bar_kind::mem32, 0, 0x40000, false, false});  // ROM not enabled
    // A write to the upper dword moves the 64-bit BAR of slot 2, reported with its whole base.
    d.write(0x1c, 4, 0x3);
    REQUIRE(plat.moved == std::vector<unsigned>{2});
    CHECK(plat.moves[0].first == p::bar_state{p::bar_kind::mem64, 0x200010000ull, 0x4000, true, true});
    CHECK(plat.moves[0].second == p::bar_state{p::bar_kind::mem64, 0x300010000ull, 0x4000, true, true});
    d.write(0x18, 4, 0x00020000);  // the lower dword: the upper half stays
    CHECK(plat.moves.back().first.base == 0x300010000ull);
    CHECK(plat.moves.back().second.base == 0x300020000ull);
    d.write(0x14, 2, 0xd000);      // I/O
    CHECK(plat.moves.back().first == p::bar_state{p::bar_kind::io, 0xc000, 32, false, true});
    CHECK(plat.moves.back().second == p::bar_state{p::bar_kind::io, 0xd000, 32, false, true});
    // The ROM enabled while memory decoding is on: it starts decoding.
    d.write(0x30, 4, 0xfff80001);
    CHECK(plat.moved.back() == p::rom_slot);
    CHECK(plat.moves.back().first == p::bar_state{p::bar_kind::mem32, 0, 0x40000, false, false});
    CHECK(plat.moves.back().second == p::bar_state{p::bar_kind::mem32, 0xfff80000, 0x40000, false, true});
    // Decoding off: every BAR reported with decoding clear.
    d.write(0x04, 2, 0x0000);
    for (const p::bar_state& b : plat.decoded.back()) CHECK_FALSE(b.decoding);
    CHECK(plat.decoded.back()[2].base == 0x300020000ull);
}
}  // namespace tests_pci_bar_guard
