// SPDX-License-Identifier: MIT
// regspace/detail/bits.hpp - all-ones masks: the low bits of a field, every byte of an access.
#pragma once

#include <cstdint>

namespace regspace::detail {

// The low `width` bits set (all 64 from a width of 64 on): a field's value mask. A shift by 64
// is undefined, hence the first case.
[[nodiscard]] constexpr std::uint64_t low_bits(unsigned width) noexcept {
    return width >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1;
}

// Every bit of an access of `size` bytes (all 64 from 8 bytes on): a register's width mask, what
// an access that cannot complete reads (all-ones, as a PCI master abort returns: PCI LB 3.0
// §6.1), the bits of a written value that an access of that size carries.
[[nodiscard]] constexpr std::uint64_t all_ones(unsigned size) noexcept {
    return size >= 8 ? ~std::uint64_t{0} : low_bits(8 * size);
}

// The bytes (0xff each) of `diff` that have a bit set.
[[nodiscard]] constexpr std::uint64_t changed_bytes(std::uint64_t diff) noexcept {
    std::uint64_t m = 0;
    for (unsigned b = 0; b < 8; ++b)
        if ((diff >> (8 * b)) & 0xff) m |= std::uint64_t{0xff} << (8 * b);
    return m;
}

}  // namespace regspace::detail
