// SPDX-License-Identifier: MIT
// The `random/bank` workload (issue 17's large bank): a 1 MiB MMIO BAR with 32 registers, the
// shape of a real device's register bank (an NVMe-like controller: controller registers at 0,
// interrupt registers at 1000h, four queues' registers at 10000h + 1000h * q), two ways:
//
//   regspace     regspace::device<bank::space>: stored sparsely (the covered lanes only)
//   handwritten  a range test per region, a switch on the offset within it, constant masks:
//                what an expert writes for such a bank
//
// The bank takes naturally aligned 4-byte accesses only (most MMIO banks say so; QEMU's
// MemoryRegionOps .valid): others are refused (reads all-ones, writes dropped), offsets no
// register decodes read 0 and drop writes.
#pragma once

#include <array>
#include <cstdint>
#include <random>
#include <vector>

#include <regspace.hpp>

#include "workloads.hpp"

namespace bench::bank {

inline constexpr unsigned size = 1u << 20;
inline constexpr unsigned irq_base = 0x1000, queue_base = 0x10000, queue_stride = 0x1000, queues = 4;

namespace desc {
using namespace regspace;
using cap_lo = reg<"CAP_LO", 0x00, 4, field<"MQES", 0, 16, access::ro, 0x3ff>, field<"TO", 24, 8, access::ro, 0x14>>;
using cap_hi = reg<"CAP_HI", 0x04, 4, field<"DSTRD", 0, 4, access::ro>, field<"CSS", 5, 8, access::ro, 1>>;
using vs = reg<"VS", 0x08, 4, field<"VS", 0, 32, access::ro, 0x00010400>>;
using intms = reg<"INTMS", 0x0c, 4, field<"IVMS", 0, 32, access::rw1s>>;
using intmc = reg<"INTMC", 0x10, 4, field<"IVMC", 0, 32, access::rw1c>>;
using cc = reg<"CC", 0x14, 4, bit<"EN", 0, access::rw>, field<"CSS", 4, 3, access::rw>, field<"MPS", 7, 4, access::rw>,
               field<"AMS", 11, 3, access::rw>, field<"SHN", 14, 2, access::rw>, field<"IOSQES", 16, 4, access::rw>,
               field<"IOCQES", 20, 4, access::rw>, others_as<access::rsvdp>>;
using csts = reg<"CSTS", 0x1c, 4, bit<"RDY", 0, access::ro>, bit<"CFS", 1, access::ro>, bit<"NSSRO", 4, access::rw1c>>;
using nssr = reg<"NSSR", 0x20, 4, field<"NSSRC", 0, 32, access::wo>>;
using ctrl = block<"CTRL", cap_lo, cap_hi, vs, intms, intmc, cc, csts, nssr>;

using isr = reg<"ISR", 0x00, 4, field<"PENDING", 0, 32, access::rw1c>>;
using imr = reg<"IMR", 0x04, 4, field<"MASK", 0, 32, access::rw>>;
using itr = reg<"ITR", 0x08, 4, field<"INTERVAL", 0, 16, access::rw>, others_as<access::rsvdz>>;
using ivar = reg<"IVAR", 0x0c, 4, field<"VEC0", 0, 8, access::rw>, field<"VEC1", 8, 8, access::rw>,
                 field<"VEC2", 16, 8, access::rw>, field<"VEC3", 24, 8, access::rw>>;
using isc = reg<"ISC", 0x10, 4, field<"COUNT", 0, 32, access::ro>>;
using ics = reg<"ICS", 0x14, 4, field<"SET", 0, 32, access::rw1s>>;
using gpie = reg<"GPIE", 0x18, 4, bit<"MSIX", 0, access::rw>, bit<"EIAME", 1, access::rw>, others_as<access::rsvdp>>;
using eitr = reg<"EITR", 0x1c, 4, field<"INTERVAL", 2, 10, access::rw>, others_as<access::rsvdz>>;
using irq = block<"IRQ", isr, imr, itr, ivar, isc, ics, gpie, eitr>;

using qbal = reg<"QBAL", 0x0, 4, field<"ADDR", 12, 20, access::rw>, others_as<access::rsvdz>>;
using qbah = reg<"QBAH", 0x4, 4, field<"ADDR", 0, 32, access::rw>>;
using qhead = reg<"QHEAD", 0x8, 4, field<"HEAD", 0, 16, access::ro>>;
using qtail = reg<"QTAIL", 0xc, 4, field<"TAIL", 0, 16, access::rw>, others_as<access::rsvdp>>;
using queue = block<"QUEUE", qbal, qbah, qhead, qtail>;

struct space : regspace::space<"1 MiB bank", size, range_accepts<0, size, sizes<4>, naturally_aligned>, place<ctrl, 0>,
                               place<irq, irq_base>, repeat<queue, queue_base, queues, queue_stride>> {};
}  // namespace desc

class regspace_impl {
public:
    std::uint32_t read(unsigned off, unsigned sz) { return static_cast<std::uint32_t>(d_.read(off, sz)); }
    void write(unsigned off, unsigned sz, std::uint32_t v) { d_.write(off, sz, v); }
    const regspace::device<desc::space>& device() const { return d_; }

private:
    regspace::device<desc::space> d_;
};

class handwritten {
public:
    std::uint32_t read(unsigned off, unsigned sz) const {
        if (!accepted(off, sz)) return sz >= 4 ? 0xffffffffu : (1u << (8 * sz)) - 1;  // all-ones of its size
        if (off < 0x24) {
            switch (off) {
                case 0x00: return 0x140003ff;  // CAP_LO: MQES 3FFh, TO 14h
                case 0x04: return 0x00000020;  // CAP_HI: CSS 1
                case 0x08: return 0x00010400;  // VS 1.4
                case 0x0c: return intms_;
                case 0x10: return intmc_;
                case 0x14: return cc_;
                case 0x1c: return csts_;
                default: return 0;  // 18h decodes nothing, NSSR is write-only
            }
        }
        if (off - irq_base < 0x20) return irq_[(off - irq_base) / 4];
        if (off - queue_base < queues * queue_stride && (off & (queue_stride - 1)) < 0x10)
            return q_[(off - queue_base) / queue_stride][(off & 0xf) / 4];
        return 0;
    }
    void write(unsigned off, unsigned sz, std::uint32_t v) {
        if (!accepted(off, sz)) return;
        if (off < 0x24) {
            switch (off) {
                case 0x0c: intms_ |= v; return;   // RW1S
                case 0x10: intmc_ &= ~v; return;  // RW1C
                case 0x14: cc_ = (cc_ & ~0x00fffff1u) | (v & 0x00fffff1u); return;  // RsvdP: kept
                case 0x1c: csts_ &= ~(v & 0x10u); return;                          // NSSRO: RW1C
                case 0x20: nssr_ = v; return;
                default: return;  // CAP, VS read-only
            }
        }
        if (off - irq_base < 0x20) {
            std::uint32_t& r = irq_[(off - irq_base) / 4];
            switch (off - irq_base) {
                case 0x00: r &= ~v; return;                   // ISR: RW1C
                case 0x04: r = v; return;                     // IMR
                case 0x08: r = v & 0xffffu; return;           // ITR: 31:16 RsvdZ
                case 0x0c: r = v; return;                     // IVAR
                case 0x14: r |= v; return;                    // ICS: RW1S
                case 0x18: r = (r & ~3u) | (v & 3u); return;  // GPIE: RsvdP above bit 1
                case 0x1c: r = v & 0xffcu; return;            // EITR: interval in 11:2, RsvdZ
                default: return;                              // ISC read-only
            }
        }
        if (off - queue_base < queues * queue_stride && (off & (queue_stride - 1)) < 0x10) {
            std::array<std::uint32_t, 4>& q = q_[(off - queue_base) / queue_stride];
            switch (off & 0xf) {
                case 0x0: q[0] = v & 0xfffff000u; return;                    // QBAL: 11:0 RsvdZ
                case 0x4: q[1] = v; return;                                  // QBAH
                case 0xc: q[3] = (q[3] & ~0xffffu) | (v & 0xffffu); return;  // QTAIL: RsvdP above
                default: return;                                             // QHEAD read-only
            }
        }
    }

private:
    static bool accepted(unsigned off, unsigned sz) { return sz == 4 && (off & 3) == 0 && off < size; }
    std::uint32_t intms_ = 0, intmc_ = 0, cc_ = 0, csts_ = 0, nssr_ = 0;
    std::array<std::uint32_t, 8> irq_{};
    std::array<std::array<std::uint32_t, 4>, queues> q_{};
};

// Half the accesses go to one of the 32 registers, half to a dword anywhere in the 1 MiB (nearly
// all unmapped); 1 in 16 has another size or a misaligned offset (refused by both). Half are
// writes of all-ones, zeros or a random value.
inline std::vector<op> random_ops(std::uint64_t seed, std::size_t n) {
    std::mt19937_64 rng(seed);
    std::vector<unsigned> regs;
    for (unsigned o = 0; o < 0x24; o += 4) if (o != 0x18) regs.push_back(o);
    for (unsigned o = 0; o < 0x20; o += 4) regs.push_back(irq_base + o);
    for (unsigned q = 0; q < queues; ++q)
        for (unsigned o = 0; o < 0x10; o += 4) regs.push_back(queue_base + q * queue_stride + o);
    std::vector<op> ops;
    ops.reserve(n);
    while (ops.size() < n) {
        unsigned off = rng() % 2 ? regs[rng() % regs.size()] : static_cast<unsigned>(rng() % (size / 4)) * 4;
        std::uint8_t sz = 4;
        if (rng() % 16 == 0) {
            const std::uint8_t odd[] = {1, 2, 8};
            if (rng() % 2) sz = odd[rng() % 3];
            else off = (off + 1 + static_cast<unsigned>(rng() % 3)) % (size - 4);
        }
        const bool write = rng() % 2;
        const std::uint32_t kinds[] = {0xffffffffu, 0u, static_cast<std::uint32_t>(rng())};
        ops.push_back(op{off, sz, write, write ? kinds[rng() % 3] : 0});
    }
    return ops;
}

}  // namespace bench::bank
