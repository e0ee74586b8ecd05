// SPDX-License-Identifier: MIT
// tests/support/differential.hpp - random access sequences run on a device and on the reference
// model side by side.
#pragma once

#include <cstdint>

#include <doctest/doctest.h>

#include <regspace/detail/text.hpp>
#include <regspace/device.hpp>
#include <regspace/introspect.hpp>

#include "reference.hpp"

namespace regspace::test {

struct xorshift {
    std::uint64_t s;
    std::uint64_t next() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        return s;
    }
};

// Byte i of a device's stored state (slot by slot: detail::lane_map).
template <class D>
std::uint8_t state_byte(const D& d, unsigned i) {
    using map = regspace::detail::lane_map<typename D::space_type>;
    return static_cast<std::uint8_t>(regspace::detail::device_access::state(d)[map::slot(i / 8)] >> (8 * (i % 8)));
}

struct write_everything {
    bool operator()(unsigned, unsigned) const { return false; }
};

// `ops` random operations: resets of each kind, reads of sizes 1/2/3/4/8 at any offset (the
// results must agree) and writes of random values (skipped where skip_write(offset, size) says
// the reference cannot follow; after each write the stored bytes around it must agree). Ends
// with the whole space read back through both.
template <class Space, class SkipWrite = write_everything>
void random_differential(reference::unmapped u, std::uint64_t seed, int ops, SkipWrite skip_write = {}) {
    device<Space> d;
    const space_info info = describe<Space>();
    reference r(info, u);
    xorshift g{seed};
    constexpr unsigned sizes[] = {1, 2, 4, 8, 3};
    for (int i = 0; i < ops; ++i) {
        const std::uint64_t x = g.next();
        const unsigned size = sizes[x % 5];
        unsigned off = static_cast<unsigned>((x >> 8) % (Space::size + 2));
        if (((x >> 40) & 1) && !info.registers.empty()) {
            // Half of the accesses near a register, so that a large space is more than unmapped.
            const register_info& reg = info.registers[(x >> 41) % info.registers.size()];
            const unsigned near = reg.offset + static_cast<unsigned>((x >> 48) % reg.count) * reg.stride +
                                  static_cast<unsigned>((x >> 58) % 16);
            off = near >= 4 ? near - 4 : near;
        }
        const std::uint64_t v = g.next();
        switch ((x >> 24) % 16) {
            case 0: d.reset(reset_kind::cold); r.reset(reset_kind::cold); break;
            case 1: d.reset(reset_kind::warm); r.reset(reset_kind::warm); break;
            case 2: d.reset(reset_kind::flr); r.reset(reset_kind::flr); break;
            case 3: case 4: case 5: case 6: case 7: case 8: {
                const auto got = d.read(off, size);
                const auto want = r.read(off, size);
                REQUIRE_MESSAGE(got == want, info.name << " op " << i << ": read(" << detail::hex(off, 1)
                                                       << ", " << size << ")");
                break;
            }
            default:
                if (skip_write(off, size)) break;
                d.write(off, size, v);
                r.write(off, size, v);
                // The stored state around the write (registers are at most 8 bytes, so this
                // covers every register the access touched, rules and write-only bits included).
                for (unsigned b = off >= 8 ? off - 8 : 0; b < off + size + 8 && b < Space::size; ++b) {
                    const auto got = state_byte(d, b);
                    REQUIRE_MESSAGE(got == r.raw(b), info.name << " op " << i << ": state at " << detail::hex(b, 1)
                                                               << " after write(" << detail::hex(off, 1) << ", "
                                                               << size << ")");
                }
                break;
        }
    }
    for (unsigned off = 0; off + 4 <= Space::size; off += 4)
        REQUIRE_MESSAGE(d.peek(off, 4) == r.read(off, 4), info.name << " final state at " << detail::hex(off, 1));
}

}  // namespace regspace::test
