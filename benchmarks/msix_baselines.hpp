// SPDX-License-Identifier: MIT
// The SR-IOV NIC's MSI-X table and PBA (10 vectors in a 16 KiB BAR, table at 0, PBA at 2000h:
// examples/sriov_nic.hpp) four ways, for the `msix_mask` workload: a guest masking and unmasking
// vectors through Vector Control, the hottest MMIO path of interrupt-heavy guests (Linux masks a
// vector around every affinity change and in its irq flow handlers).
//
//   regspace     regspace::device<nic::msix::table_space>
//   handwritten  an array of entries, a switch on the dword within the entry, constant masks
//   qemu_style   QEMU's msix_table_mmio_write(): store the dword in the table bytes, then
//                msix_handle_mask_update() for the vector whose control word was written
//   list_style   a descriptor per table register (4 per vector) and per PBA qword, walked per
//                access, each with its masks (the vPCI model applied to the table)
// Accesses are dword or qword, naturally aligned (PCI LB 3.0 §6.8.2: the table takes DWORD and
// QWORD accesses); the workload writes only what the spec allows, so all four agree.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <vector>

#include <regspace.hpp>

#include "sriov_nic.hpp"

namespace bench::msix {

inline constexpr unsigned vectors = nic::msix::vectors;
inline constexpr unsigned pba_offset = nic::msix::params.pba_offset;
inline constexpr unsigned bar_size = static_cast<unsigned>(nic::msix::params.bar_size);

class regspace_impl {
public:
    std::uint64_t read(unsigned off, unsigned size) { return d_.read(off, size); }
    void write(unsigned off, unsigned size, std::uint64_t v) { d_.write(off, size, v); }

private:
    regspace::device<nic::msix::table_space> d_;
};

class handwritten {
public:
    handwritten() {
        for (auto& e : t_) e = {0, 0, 0, 1};  // Mask set at reset (§6.8.2.9)
    }
    // A guest may only make aligned dword and qword accesses (PCI LB 3.0 §6.8.2); others are
    // refused, as QEMU's .valid sizes and Xen's msix_accept() do.
    std::uint64_t read(unsigned off, unsigned size) const {
        if (!accepted(off, size)) return ~std::uint64_t{0};
        if (size == 8) return read32(off) | std::uint64_t{read32(off + 4)} << 32;
        return read32(off);
    }
    void write(unsigned off, unsigned size, std::uint64_t v) {
        if (!accepted(off, size)) return;
        write32(off, static_cast<std::uint32_t>(v));
        if (size == 8) write32(off + 4, static_cast<std::uint32_t>(v >> 32));
    }

private:
    static bool accepted(unsigned off, unsigned size) {
        return (size == 4 || size == 8) && (off & (size - 1)) == 0 && off < bar_size;
    }
    std::uint32_t read32(unsigned off) const {
        if (off < vectors * 16) return t_[off / 16][(off / 4) & 3];
        if (off >= pba_offset && off < pba_offset + 8) return off == pba_offset ? static_cast<std::uint32_t>(pba_) : 0;
        return 0;
    }
    void write32(unsigned off, std::uint32_t v) {
        if (off >= vectors * 16) return;  // PBA and the rest: read-only
        std::uint32_t& r = t_[off / 16][(off / 4) & 3];
        switch ((off / 4) & 3) {
            case 0: r = v & ~3u; break;  // Message Address: bits 1:0 reserved
            case 1: r = v; break;        // Upper Address
            case 2: r = v; break;        // Data
            case 3: r = v & 1u; break;   // Vector Control: Mask
        }
    }
    std::array<std::array<std::uint32_t, 4>, vectors> t_{};
    std::uint64_t pba_ = 0;
};

class qemu_style {
public:
    qemu_style() {
        std::memset(table_, 0, sizeof table_);
        for (unsigned v = 0; v < vectors; ++v) table_[v * 16 + 12] = 1;  // msix_mask_all
        std::memset(pba_, 0, sizeof pba_);
    }
    // The memory core refuses what .valid does not allow (4 to 8 bytes, aligned), then splits a
    // qword into two dword calls (.impl.max_access_size = 4).
    std::uint64_t read(unsigned off, unsigned size) const {
        if ((size != 4 && size != 8) || (off & (size - 1)) || off >= bar_size) return 0;
        if (size == 8) return read32(off) | std::uint64_t{read32(off + 4)} << 32;
        return read32(off);
    }
    void write(unsigned off, unsigned size, std::uint64_t v) {
        if ((size != 4 && size != 8) || (off & (size - 1)) || off >= bar_size) return;
        write32(off, static_cast<std::uint32_t>(v));
        if (size == 8) write32(off + 4, static_cast<std::uint32_t>(v >> 32));
    }

private:
    std::uint32_t read32(unsigned off) const {
        std::uint32_t v = 0;
        if (off + 4 <= sizeof table_) std::memcpy(&v, table_ + off, 4);         // msix_table_mmio_read
        else if (off >= pba_offset && off - pba_offset + 4 <= sizeof pba_) std::memcpy(&v, pba_ + (off - pba_offset), 4);
        return v;
    }
    void write32(unsigned off, std::uint32_t v) {
        if (off + 4 > sizeof table_) return;  // the PBA region has no write handler
        const unsigned vector = off / 16;
        const bool was_masked = vector_masked(vector);
        std::memcpy(table_ + off, &v, 4);  // stored as written, reserved bits included, as QEMU does
        handle_mask_update(vector, was_masked);
    }
    bool vector_masked(unsigned vector) const { return table_[vector * 16 + 12] & 1; }
    void handle_mask_update(unsigned vector, bool was_masked) {
        const bool is_masked = vector_masked(vector);
        if (is_masked == was_masked) return;
        if (!is_masked && (pba_[vector / 8] >> (vector % 8) & 1)) {  // msix_notify of a pending vector
            pba_[vector / 8] &= static_cast<std::uint8_t>(~(1u << (vector % 8)));
        }
    }
    std::uint8_t table_[vectors * 16];
    std::uint8_t pba_[8];
};

class list_style {
public:
    struct reg {
        unsigned offset, size;
        std::uint64_t ro_mask, rsvdz_mask;
        unsigned slot;
    };
    list_style() {
        for (unsigned v = 0; v < vectors; ++v) {
            add(v * 16 + 0, 4, 0, 0x3, 0);
            add(v * 16 + 4, 4, 0, 0, 0);
            add(v * 16 + 8, 4, 0, 0, 0);
            add(v * 16 + 12, 4, 0, 0xfffffffe, 1);
        }
        add(pba_offset, 8, ~std::uint64_t{0}, 0, 0);
    }
    std::uint64_t read(unsigned off, unsigned size) const {
        if (!msix_accept(off, size)) return ~std::uint64_t{0};
        std::uint64_t data = 0;
        for (const reg& r : regs_) {
            if (r.offset >= off + size) break;
            if (r.offset + r.size <= off) continue;
            const std::uint64_t v = values_[r.slot] & ~r.rsvdz_mask;
            for (unsigned b = 0; b < r.size; ++b) {
                const unsigned at = r.offset + b;
                if (at >= off && at < off + size) data |= ((v >> (8 * b)) & 0xff) << (8 * (at - off));
            }
        }
        return data;
    }
    void write(unsigned off, unsigned size, std::uint64_t data) {
        if (!msix_accept(off, size)) return;
        for (const reg& r : regs_) {
            if (r.offset >= off + size) break;
            if (r.offset + r.size <= off) continue;
            std::uint64_t val = 0, be = 0;
            for (unsigned b = 0; b < r.size; ++b) {
                const unsigned at = r.offset + b;
                if (at < off || at >= off + size) continue;
                val |= ((data >> (8 * (at - off))) & 0xff) << (8 * b);
                be |= std::uint64_t{0xff} << (8 * b);
            }
            std::uint64_t& cur = values_[r.slot];
            const std::uint64_t keep = ~be | r.ro_mask;
            cur = ((cur & keep) | (val & ~keep)) & ~r.rsvdz_mask;
        }
    }

private:
    static bool msix_accept(unsigned off, unsigned size) {  // Xen: len 4 or 8, aligned
        return (size == 4 || size == 8) && (off & (size - 1)) == 0 && off < bar_size;
    }
    void add(unsigned off, unsigned size, std::uint64_t ro, std::uint64_t rsvdz, std::uint64_t init) {
        regs_.push_back(reg{off, size, ro, rsvdz, static_cast<unsigned>(values_.size())});
        values_.push_back(init);
    }
    std::vector<reg> regs_;
    std::vector<std::uint64_t> values_;
};

// `msix_mask`: mask and unmask random vectors through Vector Control (dword writes of 1/0), read it
// back half the time, and now and then reprogram an entry's address and data with qword writes.
inline std::vector<std::array<std::uint64_t, 4>> mask_ops(std::uint64_t seed, std::size_t n) {
    std::vector<std::array<std::uint64_t, 4>> ops;  // {write?, offset, size, value}
    std::uint64_t x = seed * 0x9e3779b97f4a7c15ull + 1;
    auto next = [&] { return x ^= x << 13, x ^= x >> 7, x ^= x << 17, x; };
    while (ops.size() < n) {
        const unsigned v = static_cast<unsigned>(next() % vectors);
        const std::uint64_t r = next();
        if (r % 16 == 0) {
            ops.push_back({1, v * 16u, 8, 0xfee00000ull | (r & 0xff000) | (r & 0xffffffff00000000ull)});
            ops.push_back({1, v * 16u + 8, 4, r >> 40});
        } else {
            ops.push_back({1, v * 16u + 12, 4, r & 1});
            if (r & 2) ops.push_back({0, v * 16u + 12, 4, 0});
        }
    }
    ops.resize(n);
    return ops;
}

}  // namespace bench::msix
