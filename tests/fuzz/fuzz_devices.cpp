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
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

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

template <class Space>
void run(reference::unmapped u, const std::uint8_t* data, std::size_t size) {
    device<Space> d;
    const space_info info = describe<Space>();
    reference r(info, u);
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
                break;
        }
        const auto& lanes = regspace::detail::device_access::state(d);
        using map = regspace::detail::lane_map<Space>;  // the state is stored slot by slot
        for (unsigned i = 0; i < Space::size; ++i) {
            const auto got = static_cast<std::uint8_t>(lanes[map::slot(i / 8)] >> (8 * (i % 8)));
            if (got != r.raw(i)) mismatch("state", info, step, i, 1, got, r.raw(i));
        }
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
