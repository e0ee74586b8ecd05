// SPDX-License-Identifier: MIT
// The Q35 MCH description: compile-time decoders and resets, QEMU's measured register
// behaviour (../shared/research/q35-qemu-measured.md, re-checked live by q35.qemu_differential),
// the SMRAM lock and QEMU's SMBASE/TSEG negotiation, and the datasheet profile.
#include <doctest/doctest.h>

#include <cstdint>

#include <regspace.hpp>
#include <regspace/introspect.hpp>
#include <regspace/q35/mch.hpp>
#include <regspace/snapshot.hpp>

namespace tests_q35_mch {

using namespace regspace;
namespace q35 = regspace::q35;

namespace {
using qemu_mch = q35::mch<>;
using sheet_mch = q35::mch<q35::datasheet>;

// ---- decoders, checked at compile time ----
// PCIEXBAR: QEMU decodes bits 26:25 for 128 MB and bit 25 for 64 MB; the datasheet 27 and 27:26.
static_assert(q35::decode_pciexbar(0xe0000001) == q35::ecam_window{true, true, 0xe0000000, 256u << 20});
static_assert(q35::decode_pciexbar(0xe8000003) == q35::ecam_window{true, true, 0xe0000000, 128u << 20});
static_assert(q35::decode_pciexbar<q35::datasheet>(0xe8000003) ==
              q35::ecam_window{true, true, 0xe8000000, 128u << 20});
static_assert(q35::decode_pciexbar(0xe6000005).base == 0xe2000000);
static_assert(q35::decode_pciexbar<q35::datasheet>(0xe6000005).base == 0xe4000000);
static_assert(q35::decode_pciexbar(0x1b0000005).base == 0x1b0000000);  // above 4 GiB: bits 35:32
static_assert(!q35::decode_pciexbar(0xe0000007).valid);                // length 11b is reserved
static_assert(!q35::decode_pciexbar(0xb0000000).enabled && q35::decode_pciexbar(0xb0000000).buses() == 256);
// PAM segments (§5.1.19-25) and attributes.
static_assert(q35::pam_segment(0, true).base == 0xf0000 && q35::pam_segment(0, true).size == 0x10000);
static_assert(q35::pam_segment(0, false).size == 0);
static_assert(q35::pam_segment(1, false).base == 0xc0000 && q35::pam_segment(1, true).base == 0xc4000);
static_assert(q35::pam_segment(6, true).base == 0xec000 && q35::pam_segment(6, true).size == 0x4000);
static_assert(q35::pam_decode(0x31, true) == q35::pam_attr::normal && q35::pam_decode(0x31, false) == q35::pam_attr::read_only);
// SMRAM: TSEG sizes 1/2/8 MB and QEMU's extended size for 11b; TSEG and high SMRAM need G_SMRAME.
static_assert(q35::decode_smram(0x0a, 0x3d, 16).tseg_mb == 8 && q35::decode_smram(0x0a, 0x3d, 16).tseg);
static_assert(q35::decode_smram(0x0a, 0x3f, 16).tseg_mb == 16);
static_assert(!q35::decode_smram(0x02, 0xb9, 16).tseg && !q35::decode_smram(0x02, 0xb9, 16).high);

// ---- the register model in constant evaluation ----
constexpr std::uint64_t after(std::uint64_t v, unsigned off, unsigned size = 1) {
    device<qemu_mch::space> d;
    d.write(off, size, v);
    return d.read(off, size);
}
static_assert(after(0xffff, 0x50, 2) == 0x0010);  // FFFFh asks for the extended TSEG size
static_assert(after(0x1234, 0x50, 2) == 0x1234);
static_assert(after(0x02, 0x9c) == 0x00);          // SMBASE: values other than FFh are discarded
static_assert(after(0xff, 0x9c) == 0x01);
static_assert(after(0x5a, 0x9d) == 0x1a);          // D_LCK clears D_OPEN
static_assert(after(0xffffffff, 0x04, 4) == 0x0507);
static_assert(after(0xff, 0x34) == 0x00);          // QEMU: no capability list
static_assert(after(0xffffffff, 0xb0, 4) == 0xffffffff);  // TOLUD and its neighbours are scratch

constexpr bool lock_walk() {
    device<qemu_mch::space> d;
    bool ok = true;
    d.write(0x9d, 1, 0x48);  // D_OPEN + G_SMRAME
    d.write(0x9e, 1, 0x83);  // H_SMRAME, TSEG 2 MB, T_EN
    ok &= d.read(0x9c, 4) == 0x00bb4a00;  // C_BASE_SEG and the cache bits are hardwired
    d.write(0x9d, 1, 0x58);  // D_LCK
    ok &= d.read(0x9d, 1) == 0x1a;
    d.write(0x9d, 1, 0x60);  // D_OPEN refused, G_SMRAME and D_LCK stay, D_CLS accepted
    ok &= d.read(0x9d, 1) == 0x3a;
    d.write(0x9e, 1, 0x00);  // ESMRAMC frozen
    ok &= d.read(0x9e, 1) == 0xbb;
    d.reset(reset_kind::cold);  // only a reset unlocks
    ok &= d.read(0x9c, 4) == 0x00380200;
    d.write(0x9e, 1, 0x00);
    ok &= d.read(0x9e, 1) == 0x38;
    return ok;
}
static_assert(lock_walk());

constexpr bool smbase_walk() {
    device<qemu_mch::space> d;
    const std::uint8_t writes[] = {0x05, 0xff, 0x00, 0x01, 0x03, 0x00, 0xff};
    const std::uint8_t reads[] = {0x00, 0x01, 0x01, 0x01, 0x02, 0x02, 0x02};
    for (unsigned i = 0; i < 7; ++i) {
        d.write(0x9c, 1, writes[i]);
        if (d.read(0x9c, 1) != reads[i]) return false;
    }
    return true;
}
static_assert(smbase_walk());

// The datasheet profile: datasheet resets, reserved bits RsvdP, CAPID0 listed.
constexpr bool datasheet_walk() {
    device<sheet_mch::space> d;
    bool ok = d.read(0x54, 4) == 0x3db && d.read(0xb0, 2) == 0x0010 && d.read(0x60, 4) == 0xe0000000 &&
              d.read(0x34, 1) == 0xe0 && (d.read(0x06, 2) & 0x10) && d.read(0xe0, 4) == 0x010c0009 &&
              d.read(0x52, 2) == 0x0030 && d.read(0x98, 2) == 0x03ff;
    d.write(0xb0, 2, 0xffff);
    ok &= d.read(0xb0, 2) == 0xfff0;  // TOLUD bits 3:0 reserved
    d.write(0x54, 4, 0);
    ok &= d.read(0x54, 4) == 0x1;     // D0EN is read-only 1
    d.write(0x90, 1, 0xff);
    ok &= d.read(0x90, 1) == 0x30;    // PAM0: HIENABLE only
    d.write(0x58, 4, 0xffffffff);
    ok &= d.read(0x58, 4) == 0;       // no register: reads 0
    d.write(0xac, 4, 0x7f800000);     // TSEGMB, then D_LCK freezes it (and GGC, GBSM)
    d.write(0x9d, 1, 0x10);
    d.write(0xac, 4, 0);
    d.write(0x52, 2, 0);
    ok &= d.read(0xac, 4) == 0x7f800000 && d.read(0x52, 2) == 0x0030;
    return ok;
}
static_assert(datasheet_walk());

// QEMU 7.2's answers for each dword of 00:00.0 (reset, after writing all-ones, after then writing
// zeros), measured over qtest: ../shared/research/q35-qemu-measured.md. Dwords not listed stay 0.
struct measured {
    unsigned off;
    std::uint32_t reset, ones, zeros;
};
constexpr measured qemu_rows[] = {
    {0x00, 0x29c08086, 0x29c08086, 0x29c08086}, {0x04, 0x00000000, 0x00000507, 0x00000000},
    {0x08, 0x06000000, 0x06000000, 0x06000000}, {0x0c, 0x00000000, 0x000000ff, 0x00000000},
    {0x2c, 0x11001af4, 0x11001af4, 0x11001af4}, {0x3c, 0x00000000, 0x000000ff, 0x00000000},
    {0x50, 0x00000010, 0xffff0010, 0x00000000}, {0x60, 0xb0000000, 0xffffffff, 0x00000000},
    {0x9c, 0x00380200, 0xffbf3a01, 0x00bf1a01}};
}  // namespace

TEST_CASE("q35 MCH: every dword answers as QEMU 7.2 does (reset, all-ones, zeros)") {
    device<qemu_mch::space> d;
    for (unsigned off = 0; off < 0x100; off += 4) {
        measured want{off, 0, 0, 0};
        if (off >= 0x40) want = {off, 0, 0xffffffff, 0};  // QEMU's scratch bytes
        for (const measured& m : qemu_rows)
            if (m.off == off) want = m;
        CAPTURE(off);
        CHECK(d.read(off, 4) == want.reset);
        d.write(off, 4, 0xffffffff);
        CHECK(d.read(off, 4) == want.ones);
        d.write(off, 4, 0);
        CHECK(d.read(off, 4) == want.zeros);
    }
}

TEST_CASE("q35 MCH: the lock survives everything but reset, through any access size") {
    device<qemu_mch::space> d;
    d.write(0x9c, 4, 0x0083'5a00);  // one dword: ESMRAMC written with the pre-lock masks, then D_LCK
    CHECK(d.read(0x9c, 4) == 0x00bb'1a00);
    for (unsigned size : {1u, 2u, 4u})
        for (unsigned off = 0x9a; off <= 0x9f; ++off) {
            if (!device<qemu_mch::space>::valid_access(off, size)) continue;
            d.write(off, size, 0);
            d.write(off, size, ~0ull);
        }
    CHECK((d.read(0x9d, 1) & 0x5f) == 0x1a);  // D_LCK, G_SMRAME kept; D_OPEN 0; only D_CLS moved
    CHECK(d.read(0x9e, 1) == 0xbb);
    d.reset(reset_kind::warm);
    CHECK(d.read(0x9c, 4) == 0x0038'0200);
}

TEST_CASE("q35 MCH: introspection names datasheet registers and QEMU's own") {
    constexpr space_info s = describe<qemu_mch::space>();
    const register_info* r = register_at(s, 0x61);
    REQUIRE(r != nullptr);
    CHECK(r->name == "PCIEXBAR");
    CHECK(register_at(s, 0xb0)->name == "TOLUD");
    CHECK(register_at(s, 0x9c)->name == "F_SMBASE");
    CHECK(register_at(s, 0x7a)->name == "SCRATCH_78");
    CHECK(register_at(s, 0x96)->name == "PAM6");
    // Every byte of 0x40-0xFF belongs to a register under the QEMU profile.
    for (unsigned off = 0x40; off < 0x100; ++off) CHECK(register_at(s, off) != nullptr);
    constexpr space_info ds = describe<sheet_mch::space>();
    CHECK(register_at(ds, 0x50) == nullptr);  // QEMU-only registers are absent from the datasheet
    CHECK(register_at(ds, 0x9c) == nullptr);
}
}  // namespace tests_q35_mch
