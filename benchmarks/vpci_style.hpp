// SPDX-License-Identifier: MIT
// What every list_style baseline shares with Xen's vPCI (xen/drivers/vpci/vpci.c): the register
// descriptor (list_reg: the part of struct vpci_register the baselines need) and two helpers,
// placing a register's bytes in a read's result (merge_result()), and a partial or masked write
// (vpci_write_helper(): read the register through its handler, merge the guest's bytes, keep
// RO/RsvdP bits, clear RsvdZ, apply RW1C, write through the handler).
// Reg has offset, size, ro_mask, rsvdp_mask, rsvdz_mask, rw1c_mask, read(dev, reg), write(dev, reg, v).
#pragma once

#include <cstdint>

namespace bench::vpci {

// A register with nothing beyond vPCI's fields.
struct no_extra {};

// One register of a list_style device Dev: where it is, its handlers, its masks, and where its value
// lives in the device's state. Extra is what a device keeps per register beyond that (the NIC: its
// power-on value and the bits an FLR keeps). [[no_unique_address]] lets an empty Extra take no
// room, so every device's descriptor has the size and layout it had with a struct of its own (the
// list walk's stride is part of what the benchmark measures).
template <class Dev, class Extra = no_extra>
struct list_reg {
    using read_fn = std::uint32_t (*)(const Dev&, const list_reg&);
    using write_fn = void (*)(Dev&, const list_reg&, std::uint32_t);
    unsigned offset, size;
    read_fn read;
    write_fn write;
    std::uint32_t ro_mask, rw1c_mask, rsvdp_mask, rsvdz_mask;
    [[no_unique_address]] Extra extra;
    unsigned slot;  // index of the register's storage in the device's state
};

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
