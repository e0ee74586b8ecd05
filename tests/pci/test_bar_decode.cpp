// SPDX-License-Identifier: MIT
// pci/bar_decode.hpp: kind, base, size and decoding of every BAR slot and the ROM, from the
// description and the current state, for type 0 and type 1 headers.
#include <doctest/doctest.h>

#include <cstdint>

#include <regspace/pci.hpp>

#include "devices.hpp"

namespace tests_pci_bar_decode {

using namespace regspace;
using namespace regspace::test;

TEST_CASE("BAR decoding: every kind of slot of a type 0 header, and the ROM") {
    device<nic::type> d;
    pci::bar_states b = pci::decode_bars(d);
    CHECK(b[0] == pci::bar_state{pci::bar_kind::mem32, 0, 0x20000, false, false});
    CHECK(b[1] == pci::bar_state{pci::bar_kind::io, 0, 32, false, false});
    CHECK(b[2] == pci::bar_state{pci::bar_kind::mem64, 0, 0x4000, true, false});
    CHECK(b[3].kind == pci::bar_kind::none);  // the upper dword of BAR2
    CHECK(b[4] == pci::bar_state{pci::bar_kind::mem64, 0, 0x200000000ull, false, false});
    CHECK(b[6] == pci::bar_state{pci::bar_kind::mem32, 0, 0x40000, false, false});

    d.write(0x10, 4, 0xfebc0000);
    d.write(0x14, 4, 0xc000);
    d.write(0x18, 4, 0xfeb00000);
    d.write(0x1c, 4, 0x1);
    d.write(0x20, 4, 0);
    d.write(0x24, 4, 0x4);
    d.write(0x30, 4, 0xfff80001);
    d.write(0x04, 2, 0x0002);  // memory decoding only
    b = pci::decode_bars(d);
    CHECK(b[0].base == 0xfebc0000);
    CHECK(b[0].decoding);
    CHECK(b[1].base == 0xc000);
    CHECK_FALSE(b[1].decoding);
    CHECK(b[2].base == 0x1'feb00000);
    CHECK(b[4].base == 0x4'00000000);
    CHECK(b[6].base == 0xfff80000);
    CHECK(b[6].decoding);
    d.write(0x30, 1, 0);  // ROM Enable off
    CHECK_FALSE(pci::decode_bars(d)[6].decoding);
    // The sizing protocol agrees: all-ones read back as the size's complement.
    d.write(0x10, 4, 0xffffffff);
    CHECK((~(d.read(0x10, 4) & ~0xfull) & 0xffffffff) + 1 == pci::decode_bars(d)[0].size);
}

TEST_CASE("BAR decoding: a type 1 header has two slots, its ROM at 38h") {
    constexpr pci::identity id{.vendor = 0x8086, .device = 0x244e, .class_code = 0x060400};
    using bridge = pci::config_space<"bridge", pci::type1<id, pci::bars<pci::mem32_bar<4096>>>>;
    device<bridge::type> d;
    d.write(0x10, 4, 0xfe001000);
    d.write(0x04, 2, 0x2);
    const pci::bar_states b = pci::decode_bars(d);
    CHECK(b[0] == pci::bar_state{pci::bar_kind::mem32, 0xfe001000, 4096, false, true});
    CHECK(b[1].kind == pci::bar_kind::none);
    for (unsigned i = 2; i < 6; ++i) CHECK(b[i].kind == pci::bar_kind::none);
}

TEST_CASE("BAR decoding: 64-bit BARs of 2 GiB and 4 GiB") {
    constexpr pci::identity id{.vendor = 0x1234, .device = 0x5678};
    using big = pci::config_space<"big", pci::type0<id, pci::bars<pci::mem64_bar<0x80000000ull>, pci::mem64_bar<0x100000000ull>>>>;
    device<big::type> d;
    const pci::bar_states b = pci::decode_bars(d);
    CHECK(b[0].kind == pci::bar_kind::mem64);
    CHECK(b[0].size == 0x80000000ull);
    CHECK(b[2].kind == pci::bar_kind::mem64);
    CHECK(b[2].size == 0x100000000ull);
    // The sizing read-back agrees (upper dwords all-ones above the size).
    d.write(0x10, 4, 0xffffffff);
    CHECK(d.read(0x10, 4) == 0x80000004);
    d.write(0x18, 4, 0xffffffff);
    d.write(0x1c, 4, 0xffffffff);
    CHECK(d.read(0x18, 4) == 0x00000004);
    CHECK(d.read(0x1c, 4) == 0xffffffff);
}
}  // namespace tests_pci_bar_decode
