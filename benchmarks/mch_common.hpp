// SPDX-License-Identifier: MIT
// What the Q35 MCH baselines share: the valid accesses, EXT_TSEG_MBYTES and QEMU's F_SMBASE rule.
//
// Interface shared by all: read(off, size), write(off, size, value) for sizes 1, 2, 4 (others
// read all-ones and write nothing, as regspace), plus the typed operations of the `typed`
// workload.
#pragma once

#include <cstdint>

namespace bench::mch {

inline constexpr std::uint16_t ext_tseg_mbytes = 16;

inline constexpr std::uint32_t size_mask(unsigned size) { return size >= 4 ? 0xffffffffu : (1u << (8 * size)) - 1; }
inline constexpr bool valid(unsigned off, unsigned size) {
    return (size == 1 || size == 2 || size == 4) && off < 256 && size <= 256 - off;
}

// QEMU's F_SMBASE negotiation as a function of (old, written) (see q35/mch.hpp smbase_rule).
inline constexpr std::uint8_t smbase_next(std::uint8_t old, std::uint8_t now) {
    if (old == 0x00) return now == 0xff ? 0x01 : 0x00;
    if (old == 0x01) return (now & 0x02) ? 0x02 : 0x01;
    return 0x02;
}

}  // namespace bench::mch
