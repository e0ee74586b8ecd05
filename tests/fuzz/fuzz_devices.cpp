// SPDX-License-Identifier: MIT
// libFuzzer target: random guest access sequences on every shipped device, against the bit-by-bit
// reference model (tests/support/reference.hpp: built from the run-time descriptor tables, none of
// the fast path's folded masks). Input: one byte choosing the device, then 12-byte records
//   [0] op (reset cold/warm/FLR, read, write)  [1] size (any: 0-255)  [2..3] offset (any)
//   [4..11] value
// Every read must agree, and after every step the whole stored state must agree. The reference
// applies registers' rule<>s (from describe<>()); writes to registers with an action<> (which
// runs with the whole device: FLR, VF Enable, PM soft reset) are skipped, their reads still
// compared. Any disagreement aborts (a libFuzzer crash).
//
// The whole-state comparison costs little: the reference keeps its state as bytes too, so a dense
// space is one memcmp against the device's lanes, and a sparse one compares the lanes its
// registers cover and requires the one shared empty slot to hold 0 (every other lane is that
// slot; the reference never stores into a byte no register covers). The reference model and the
// description tables are built once per space, and reset to power-on for each input.
//
// With REGSPACE_FUZZ_SEEDED_BUG=1 in the environment, the device is given a bug on purpose: a
// guest write whose value's low 16 bits are BEEFh also flips bit 0 of the first byte its space
// stores, wherever the write went (the kind of stray store a check of only the written bytes
// would miss). CTest fuzz.devices.seeded_bug requires the fuzzer to find it (docs/robustness.md
// has how fast).
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <regspace.hpp>
#include <regspace/q35/mch.hpp>

#include "../../examples/readme_device.hpp"
#include "../../examples/sriov_nic.hpp"
#include "../support/reference.hpp"
#include "../support/spaces.hpp"

namespace {
using namespace regspace;
using regspace::test::reference;
using regspace::test::touches_device_logic;

[[noreturn]] void mismatch(const char* what, const space_info& info, std::size_t step, unsigned off, unsigned size,
                           std::uint64_t got, std::uint64_t want) {
    std::fprintf(stderr, "%s: %.*s step %zu off 0x%x size %u: regspace 0x%llx, reference 0x%llx\n", what,
                 static_cast<int>(info.name.size()), info.name.data(), step, off, size,
                 static_cast<unsigned long long>(got), static_cast<unsigned long long>(want));
    std::abort();
}

std::uint64_t le(const std::uint8_t* p, unsigned n) {
    std::uint64_t v = 0;
    for (unsigned i = 0; i < n; ++i) v |= std::uint64_t{p[i]} << (8 * i);
    return v;
}

const bool seeded_bug = [] {
    const char* e = std::getenv("REGSPACE_FUZZ_SEEDED_BUG");
    return e && e[0] == '1';
}();

// The device's stored state against the reference's, byte for byte (see the top of the file).
template <class Space>
void compare_state(const device<Space>& d, const reference& r, const space_info& info, std::size_t step) {
    using map = regspace::detail::lane_map<Space>;  // the state is stored slot by slot
    const auto& lanes = regspace::detail::device_access::state(d);
    const std::uint8_t* want = r.bytes().data();
    auto lane_differs = [&](std::size_t slot, std::size_t lane) {
        for (unsigned b = 0; b < 8; ++b) {
            const auto got = static_cast<std::uint8_t>(lanes[slot] >> (8 * b));
            if (got != want[lane * 8 + b]) mismatch("state", info, step, static_cast<unsigned>(lane * 8 + b), 1, got, want[lane * 8 + b]);
        }
    };
    if constexpr (map::dense) {
        static_assert(std::endian::native == std::endian::little, "the lanes are compared as little-endian bytes");
        if (std::memcmp(lanes.data(), want, Space::size) != 0)
            for (std::size_t lane = 0; lane < map::lane_count; ++lane) lane_differs(lane, lane);
    } else {
        for (std::size_t slot = 0; slot < map::nothing; ++slot) {
            const std::size_t lane = map::lane_of(slot);
            if (std::memcmp(&lanes[slot], want + lane * 8, 8) != 0) lane_differs(slot, lane);
        }
        if (lanes[map::nothing] != 0) mismatch("state (the empty slot)", info, step, 0, 8, lanes[map::nothing], 0);
    }
}

template <class Space>
void run(reference::unmapped u, const std::uint8_t* data, std::size_t size) {
    device<Space> d;
    static const space_info info = describe<Space>();
    static reference r(info, u);
    r.reset(reset_kind::cold);  // each input starts from power-on, as the new device does
    std::size_t step = 0;
    for (std::size_t at = 0; at + 12 <= size; at += 12, ++step) {
        const std::uint8_t op = data[at];
        const unsigned sz = data[at + 1];
        const auto off = static_cast<unsigned>(le(data + at + 2, 2));
        const std::uint64_t v = le(data + at + 4, 8);
        switch (op % 8) {
            case 0: d.reset(reset_kind::cold); r.reset(reset_kind::cold); break;
            case 1: d.reset(reset_kind::warm); r.reset(reset_kind::warm); break;
            case 2: d.reset(reset_kind::flr); r.reset(reset_kind::flr); break;
            case 3: case 4: {
                const std::uint64_t got = d.read(off, sz), want = r.read(off, sz);
                if (got != want) mismatch("read", info, step, off, sz, got, want);
                break;
            }
            default:
                if (touches_device_logic(info, off, sz)) break;
                d.write(off, sz, v);
                r.write(off, sz, v);
                if (seeded_bug && (v & 0xffff) == 0xbeef) {
                    using map = regspace::detail::lane_map<Space>;
                    const auto victim = static_cast<unsigned>(map::lane_of(0) * 8);
                    const std::uint64_t stored = regspace::detail::device_access::state(d)[0];  // slot 0: that lane
                    regspace::detail::device_access::store(d, victim, 1, stored ^ 1, 0xff);
                }
                break;
        }
        compare_state(d, r, info, step);
    }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::uint8_t* ops = data + 1;
    const std::size_t n = size - 1;
    using z = reference::unmapped;
    switch (data[0] % 11) {
        case 0: run<toy::config>(z::zero, ops, n); break;
        case 1: run<test::mmio_zero>(z::zero, ops, n); break;
        case 2: run<test::mmio_ones>(z::ones, ops, n); break;
        case 3: run<test::cfg_zero>(z::zero, ops, n); break;
        case 4: run<q35::mch<>::space>(z::zero, ops, n); break;
        case 5: run<q35::mch<q35::datasheet>::space>(z::zero, ops, n); break;
        case 6: run<nic::pf_config::type>(z::zero, ops, n); break;
        case 7: run<nic::vf_config::type>(z::zero, ops, n); break;
        case 8: run<nic::msix::table_space>(z::zero, ops, n); break;  // sparse: 10 vectors in 16 KiB
        case 9: run<test::sparse_zero>(z::zero, ops, n); break;
        case 10: run<test::sparse_ones>(z::ones, ops, n); break;
    }
    return 0;
}
