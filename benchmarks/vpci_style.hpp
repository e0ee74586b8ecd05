// SPDX-License-Identifier: MIT
// The two helpers of Xen's vPCI (xen/drivers/vpci/vpci.c) that every list_style baseline shares:
// placing a register's bytes in a read's result (merge_result()), and a partial or masked write
// (vpci_write_helper(): read the register through its handler, merge the guest's bytes, keep
// RO/RsvdP bits, clear RsvdZ, apply RW1C, write through the handler).
// Reg has offset, size, ro_mask, rsvdp_mask, rsvdz_mask, rw1c_mask, read(dev, reg), write(dev, reg, v).
#pragma once

#include <cstdint>

namespace bench::vpci {

inline constexpr std::uint32_t size_mask(unsigned size) { return size >= 4 ? 0xffffffffu : (1u << (8 * size)) - 1; }

template <class Reg>
std::uint32_t merge_read(std::uint32_t data, std::uint32_t v, unsigned off, unsigned size, const Reg& r) {
    for (unsigned b = 0; b < r.size; ++b) {
        const unsigned at = r.offset + b;
        if (at < off || at >= off + size) continue;
        data |= ((v >> (8 * b)) & 0xff) << (8 * (at - off));
    }
    return data;
}

template <class Dev, class Reg>
void write_helper(Dev& d, const Reg& r, unsigned off, unsigned size, std::uint32_t data) {
    // The guest's bytes for this register, and which of its bytes they are.
    std::uint32_t val = 0, be = 0;
    for (unsigned b = 0; b < r.size; ++b) {
        const unsigned at = r.offset + b;
        if (at < off || at >= off + size) continue;
        val |= ((data >> (8 * (at - off))) & 0xff) << (8 * b);
        be |= 0xffu << (8 * b);
    }
    const std::uint32_t preserved = r.ro_mask | r.rsvdp_mask;
    std::uint32_t cur = 0;
    if (be != size_mask(r.size) || preserved || r.rw1c_mask) {
        cur = r.read(d, r);
        const std::uint32_t w1c = val & be & r.rw1c_mask;  // RW1C: a 1 written clears
        val = (cur & ~be) | (val & be);
        val = (val & ~r.rw1c_mask) | (cur & r.rw1c_mask & ~w1c);
    }
    val &= ~(preserved | r.rsvdz_mask);
    val |= cur & preserved;
    r.write(d, r, val & size_mask(r.size));
}

}  // namespace bench::vpci
