// SPDX-License-Identifier: MIT
// regspace/detail/bits.hpp - all-ones masks (the low bits of a field, every byte of an access)
// and a field's bits out of a register value.
#pragma once

#include <cstdint>
#include <type_traits>

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

// Bits [Lsb, Lsb + Width) of a register's value v (T: the register's unsigned type), at bit 0.
// A field that ends at the register's top bit is read as two shifts, which compilers reduce to
// one: as (v >> Lsb) & mask, GCC 12 read MSI-X Enable (bit 15 of a 16-bit register) with a 16-bit
// shift and a zero extension after it, one instruction more (the NIC's typed workload:
// docs/performance.md). Any other field keeps the shift and the mask, which a test of the field
// folds into one `test`. Fields of no width or past the register's top are rejected by
// detail::check_register; they read 0 here.
template <unsigned Lsb, unsigned Width, class T>
[[nodiscard]] constexpr std::uint64_t extract(T v) noexcept {
    static_assert(std::is_unsigned_v<T>);
    constexpr unsigned bits = sizeof(T) * 8;
    if constexpr (Width == 0 || Lsb + Width > bits) {
        return 0;
    } else if constexpr (Lsb + Width == bits) {
        return (std::uint64_t{v} << (64 - bits)) >> (64 - Width);
    } else {
        constexpr std::uint64_t mask = low_bits(Width);
        return (std::uint64_t{v} >> Lsb) & mask;
    }
}

// The bytes (0xff each) of `diff` that have a bit set.
[[nodiscard]] constexpr std::uint64_t changed_bytes(std::uint64_t diff) noexcept {
    std::uint64_t m = 0;
    for (unsigned b = 0; b < 8; ++b)
        if ((diff >> (8 * b)) & 0xff) m |= std::uint64_t{0xff} << (8 * b);
    return m;
}

}  // namespace regspace::detail
