// SPDX-License-Identifier: MIT
// The SR-IOV NIC's PF config space written by hand (regspace-bench's `handwritten` baseline).
//
// What a careful expert writes by hand: one uint32_t per implemented dword (header,
// PM, MSI, MSI-X, PCIe and SR-IOV end at 13Fh; the rest reads 0) and a switch over dword offsets
// with constant masks; the floor to match.
#pragma once

#include <array>
#include <cstdint>

#include "nic_common.hpp"

namespace bench::nic {

class handwritten {
public:
    handwritten() { reset(); }
    void reset() {
        w_ = power_on;
        vf_bar_mask_ = vf_bar_address_mask(1);
    }
    std::uint32_t read(unsigned off, unsigned size) const {
        if (!valid(off, size)) return invalid_read(size);
        if (off >= registers_end) return 0;
        const unsigned sh = 8 * (off & 3);
        std::uint64_t v = w_[off >> 2] >> sh;
        if (sh + 8 * size > 32) v |= std::uint64_t{w_[(off >> 2) + 1]} << (32 - sh);  // w_ has a zero pad dword
        return static_cast<std::uint32_t>(v) & size_mask(size);
    }
    void write(unsigned off, unsigned size, std::uint32_t value) {
        if (!valid(off, size) || off >= registers_end) return;
        const unsigned sh = 8 * (off & 3);
        const std::uint64_t be = std::uint64_t{size_mask(size)} << sh;
        const std::uint64_t v = std::uint64_t{value & size_mask(size)} << sh;
        write_dword(off & ~3u, static_cast<std::uint32_t>(be), static_cast<std::uint32_t>(v));
        if (be >> 32) write_dword((off & ~3u) + 4, static_cast<std::uint32_t>(be >> 32), static_cast<std::uint32_t>(v >> 32));
    }

    // typed workload: what the device model reads and sets on its side
    bool msix_enabled() const { return w_[MSIX_CTL / 4] & MSIX_ENABLE; }
    unsigned num_vfs() const { return w_[SRIOV_NUM_VF / 4] & 0xffff; }
    unsigned max_payload() const { return (w_[EXP_DEVCTL / 4] >> 5) & 7; }
    std::uint64_t bar0_address() const { return (w_[BAR0 / 4] & ~0xfu) | std::uint64_t{w_[BAR1 / 4]} << 32; }
    void set_correctable_error(unsigned v) {  // Device Status CED
        w_[EXP_DEVCTL / 4] = (w_[EXP_DEVCTL / 4] & ~DEVSTA_CED) | (v & 1 ? DEVSTA_CED : 0);
    }
    void set_pme_status(unsigned v) {
        w_[PM_PMCSR / 4] = (w_[PM_PMCSR / 4] & ~PMCSR_PME_STATUS) | (v & 1 ? PMCSR_PME_STATUS : 0);
    }

private:
    // Dword offsets, and the bits of each dword (register pairs share one: COMMAND | STATUS << 16).
    enum : unsigned {
        CMD_STS = 0x04, CLS = 0x0c, BAR0 = 0x10, BAR1 = 0x14, BAR2 = 0x18, BAR3 = 0x1c, BAR4 = 0x20, INTLINE = 0x3c,
        PM = 0x40, PM_PMCSR = PM + 0x04,
        MSI = 0x50, MSI_CTL = MSI, MSI_ADDR = MSI + 0x04, MSI_UADDR = MSI + 0x08, MSI_DATA = MSI + 0x0c, MSI_MASK = MSI + 0x10,
        MSIX = 0x70, MSIX_CTL = MSIX,
        EXP = 0xa0, EXP_DEVCTL = EXP + 0x08, EXP_LNKCTL = EXP + 0x10, EXP_DEVCTL2 = EXP + 0x28, EXP_LNKCTL2 = EXP + 0x30,
        SRIOV = 0x100, SRIOV_CTL = SRIOV + 0x08, SRIOV_NUM_VF = SRIOV + 0x10, SRIOV_PGSIZE = SRIOV + 0x20,
        VF_BAR0 = SRIOV + 0x24, VF_BAR1 = SRIOV + 0x28, VF_BAR2 = SRIOV + 0x2c, VF_BAR3 = SRIOV + 0x30,
    };
    static constexpr std::uint32_t COMMAND_RW = 0x0507;              // IO, MEM, MASTER, SERR, INTx disable
    static constexpr std::uint32_t STATUS_RW1C = 0xf900u << 16;      // parity, aborts, SERR
    static constexpr std::uint32_t BAR0_ADDR = ~(0x20000u - 1);      // 128 KiB
    static constexpr std::uint32_t BAR2_ADDR = ~(32u - 1);           // 32 bytes of I/O
    static constexpr std::uint32_t BAR3_ADDR = ~(0x4000u - 1);       // 16 KiB
    static constexpr std::uint32_t PMCSR_STATE = 0x0003, PMCSR_PME_EN = 0x0100, PMCSR_PME_STATUS = 0x8000;
    static constexpr std::uint32_t MSI_ENABLE = 0x0001u << 16;       // MME: MMC is 0, so it stays 0
    static constexpr std::uint32_t MSIX_ENABLE = 0x8000u << 16, MSIX_MASKALL = 0x4000u << 16;
    static constexpr std::uint32_t DEVCTL_RW = 0x7fff, DEVCTL_BCR_FLR = 0x8000;
    static constexpr std::uint32_t DEVSTA_RW1C = 0x000fu << 16, DEVSTA_CED = 0x0001u << 16;
    static constexpr std::uint32_t LNKCTL_RW = 0x00c3;               // ASPM, common clock, extended synch
    static constexpr std::uint32_t LNKSTA_RW1C = 0xc000u << 16;      // bandwidth management / autonomous
    static constexpr std::uint32_t DEVCTL2_RW = 0x0010;              // completion timeout disable
    static constexpr std::uint32_t LNKCTL2_TLS = 0x000f;             // sticky
    static constexpr std::uint32_t SRIOV_CTL_RW = 0x0019, SRIOV_VFE = 0x0001;  // VF Enable, VF MSE, ARI
    static constexpr std::uint32_t SRIOV_STA_RW1C = 0x0001u << 16;
    static constexpr unsigned dwords = registers_end / 4 + 1;  // + a pad dword that stays 0

    static constexpr std::array<std::uint32_t, dwords> power_on = [] {
        std::array<std::uint32_t, dwords> w{};
        w[0x00 / 4] = 0x10c98086;  // Device ID, Vendor ID
        w[CMD_STS / 4] = 0x00100000;  // Status: capabilities list
        w[0x08 / 4] = 0x02000001;  // class 02 00 00 (Ethernet), revision 1
        w[BAR0 / 4] = 0x4;         // 64-bit memory
        w[BAR2 / 4] = 0x1;         // I/O
        w[BAR3 / 4] = 0x4;         // 64-bit memory
        w[0x2c / 4] = 0xa03c8086;  // subsystem, subsystem vendor
        w[0x34 / 4] = PM;          // capabilities pointer
        w[INTLINE / 4] = 0x0100;   // INTA#
        w[PM / 4] = 0xc8035001;    // PMC: PME from D0/D3hot/D3cold, version 3; next MSI
        w[PM_PMCSR / 4] = 0x0008;  // No_Soft_Reset
        w[MSI / 4] = 0x01807005;   // per-vector masking, 64-bit, 1 vector; next MSI-X
        w[MSIX / 4] = 0x0009a011;  // 10 entries; next PCIe
        w[(MSIX + 0x4) / 4] = 0x00000003;  // table: BIR 3, offset 0
        w[(MSIX + 0x8) / 4] = 0x00002003;  // PBA: BIR 3, offset 2000h
        w[EXP / 4] = 0x00020010;           // PCIe v2 endpoint, last in the chain
        w[(EXP + 0x04) / 4] = 0x10008002;  // DEVCAP: FLR, role-based errors, 512-byte payload
        w[EXP_DEVCTL / 4] = 0x00002810;    // DEVCTL: MRRS 512, no snoop, relaxed ordering
        w[(EXP + 0x0c) / 4] = 0x00000042;  // LNKCAP: x4, 5 GT/s
        w[EXP_LNKCTL / 4] = 0x00420000;    // LNKSTA: x4, 5 GT/s
        w[(EXP + 0x24) / 4] = 0x00000010;  // DEVCAP2: completion timeout disable supported
        w[(EXP + 0x2c) / 4] = 0x00000006;  // LNKCAP2: 2.5 and 5 GT/s
        w[EXP_LNKCTL2 / 4] = 0x00000002;   // target link speed 5 GT/s
        w[SRIOV / 4] = 0x00010010;         // SR-IOV v1, last
        w[(SRIOV + 0x0c) / 4] = 0x00080008;  // TotalVFs 8, InitialVFs 8
        w[(SRIOV + 0x14) / 4] = 0x00020080;  // VF stride 2, first VF offset 80h
        w[(SRIOV + 0x18) / 4] = 0x10ca0000;  // VF device ID
        w[(SRIOV + 0x1c) / 4] = 0x00000553;  // supported page sizes
        w[SRIOV_PGSIZE / 4] = 0x00000001;    // 4 KiB
        w[VF_BAR0 / 4] = 0x4;
        w[VF_BAR2 / 4] = 0x4;
        return w;
    }();

    static std::uint32_t merge(std::uint32_t cur, std::uint32_t be, std::uint32_t v, std::uint32_t wmask) {
        return (cur & ~(be & wmask)) | (v & be & wmask);
    }
    // Function Level Reset: power-on values but for the sticky bits.
    void function_reset() {
        const std::uint32_t pm = w_[PM_PMCSR / 4] & (PMCSR_PME_EN | PMCSR_PME_STATUS);
        const std::uint32_t tls = w_[EXP_LNKCTL2 / 4] & LNKCTL2_TLS;
        w_ = power_on;
        w_[PM_PMCSR / 4] |= pm;
        w_[EXP_LNKCTL2 / 4] = (w_[EXP_LNKCTL2 / 4] & ~LNKCTL2_TLS) | tls;
        vf_bar_mask_ = vf_bar_address_mask(1);
    }
    void write_dword(unsigned at, std::uint32_t be, std::uint32_t v) {
        std::uint32_t& r = w_[at / 4];
        switch (at) {
            case CMD_STS:
                r = merge(r, be, v, COMMAND_RW) & ~(v & be & STATUS_RW1C);
                return;
            case CLS:
            case INTLINE:
                r = merge(r, be, v, 0x000000ff);
                return;
            case BAR0: r = merge(r, be, v, BAR0_ADDR); return;
            case BAR2: r = merge(r, be, v, BAR2_ADDR); return;
            case BAR3: r = merge(r, be, v, BAR3_ADDR); return;
            case BAR1:
            case BAR4:
            case MSI_UADDR:
            case VF_BAR1:
            case VF_BAR3:
                r = merge(r, be, v, 0xffffffff);
                return;
            case PM_PMCSR: {
                const std::uint32_t old = r;
                r = merge(r, be, v, PMCSR_STATE | PMCSR_PME_EN) & ~(v & be & PMCSR_PME_STATUS);
                const std::uint32_t state = r & PMCSR_STATE;
                if (state == 1 || state == 2) r = (r & ~PMCSR_STATE) | (old & PMCSR_STATE);  // no D1, D2
                return;
            }
            case MSI_CTL: r = merge(r, be, v, MSI_ENABLE); return;
            case MSI_ADDR: r = merge(r, be, v, 0xfffffffc); return;
            case MSI_DATA: r = merge(r, be, v, 0x0000ffff); return;
            case MSI_MASK: r = merge(r, be, v, 0x00000001); return;
            case MSIX_CTL: r = merge(r, be, v, MSIX_ENABLE | MSIX_MASKALL); return;
            case EXP_DEVCTL:
                r = merge(r, be, v, DEVCTL_RW) & ~(v & be & DEVSTA_RW1C);
                if (v & be & DEVCTL_BCR_FLR) function_reset();
                return;
            case EXP_LNKCTL: r = merge(r, be, v, LNKCTL_RW) & ~(v & be & LNKSTA_RW1C); return;
            case EXP_DEVCTL2: r = merge(r, be, v, DEVCTL2_RW); return;
            case EXP_LNKCTL2: r = merge(r, be, v, LNKCTL2_TLS); return;
            case SRIOV_CTL: r = merge(r, be, v, SRIOV_CTL_RW) & ~(v & be & SRIOV_STA_RW1C); return;
            case SRIOV_NUM_VF:
                if (!(w_[SRIOV_CTL / 4] & SRIOV_VFE)) r = merge(r, be, v, 0x0000ffff);  // RW-L: VF Enable locks
                return;
            case SRIOV_PGSIZE:
                r = merge(r, be, v, 0xffffffff);
                vf_bar_mask_ = vf_bar_address_mask(r);
                w_[VF_BAR0 / 4] &= vf_bar_mask_ | 0xf;
                w_[VF_BAR2 / 4] &= vf_bar_mask_ | 0xf;
                return;
            case VF_BAR0:
            case VF_BAR2:
                r = merge(r, be, v, vf_bar_mask_);
                return;
            default:
                return;  // read-only, reserved, or past the registers
        }
    }

    std::array<std::uint32_t, dwords> w_{};
    std::uint32_t vf_bar_mask_ = 0;
};

}  // namespace bench::nic
