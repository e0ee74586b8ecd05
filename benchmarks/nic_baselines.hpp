// SPDX-License-Identifier: MIT
// The SR-IOV NIC's PF configuration space (examples/sriov_nic.hpp: nic::pf_config, 4 KiB) written
// three more ways, each as well as its style allows, for regspace-bench to compare against:
//
//   handwritten  what a careful expert writes by hand: one uint32_t per implemented dword (header,
//                PM, MSI, MSI-X, PCIe and SR-IOV end at 13Fh; the rest reads 0) and a switch over
//                dword offsets with constant masks; the floor to match.
//   qemu_style   QEMU's pci_default_write_config(): config/wmask/w1cmask byte arrays of 4 KiB and a
//                loop over the written bytes, then the device's own config_write calling the
//                capability helpers QEMU's NICs call (the PM state check, msi_write_config,
//                msix_write_config, pcie_cap_flr_write_config, pcie_sriov_config_write), which
//                may change the masks (NumVFs locked while VF Enable is set, VF BAR alignment).
//   list_style   Xen's vPCI: a list of register descriptors sorted by offset, each with read and
//                write handlers and RO/RW1C/RsvdP/RsvdZ masks, walked for every access; partial
//                writes read the register through its handler and merge (vpci_write_helper()).
//
// The function they all model (PCI LB 3.0 §6.2, PCI PM 1.2 §3.2, PCI LB 3.0 §6.8, PCIe r6.0
// §7.5.3 and §9.3.3), with what the PF's descriptors add:
//   - BAR0 128 KiB and BAR3 16 KiB 64-bit memory (upper halves in BAR1/BAR4), BAR2 32-byte I/O,
//     BAR5 and the expansion ROM not implemented;
//   - PMCSR: PowerState refuses D1/D2 (not supported: the write keeps the old state), PME_En is
//     sticky (RWS), PME_Status sticky RW1C; No_Soft_Reset set, so D3hot->D0 resets nothing;
//   - MSI: one vector, 64-bit, per-vector mask; Multiple Message Enable is clamped to Multiple
//     Message Capable (0), so it always reads 0;
//   - MSI-X: Function Mask and Enable;
//   - PCIe: Device Control's Initiate FLR reads 0 and a 1 written resets the function: everything
//     returns to its power-on value except the sticky bits (PME_En, PME_Status, Link Control 2's
//     Target Link Speed); Device Status and Link Status RW1C bits; Link Control; Device Control 2;
//   - SR-IOV: NumVFs is RW-L, read-only while VF Enable is set; VF BAR0/VF BAR2 64-bit, 16 KiB per
//     VF, aligned to the System Page Size: a write to System Page Size or to a VF BAR's lower dword
//     clears the address bits below the page (the lowest set bit of System Page Size; 0 is 4 KiB).
//     First VF Offset and VF Stride are constant (80h, 2), so their recomputation changes nothing.
// The PF's hooks (nic::pf_model: its VFs, the platform's function_reset) act outside the config
// space; none of this models them.
//
// Written from the specs and QEMU/Xen's code, not from regspace's folded masks;
// tests/bench/test_baselines.cpp checks that they answer every workload exactly as regspace does.
// Interface shared by all: read(off, size), write(off, size, value) for sizes 1, 2, 4 at any
// offset of the 4 KiB (an invalid size or range reads all-ones of the access size, as regspace
// does, and writes nothing), reset() (cold), plus the typed operations of the `typed` workload.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <vector>

#include "vpci_style.hpp"

namespace bench::nic {

inline constexpr unsigned config_size = 4096;
// The PF's registers end with the SR-IOV capability (100h-13Fh); everything above reads 0.
inline constexpr unsigned registers_end = 0x140;
// `random` draws offsets from [0, random_range): every register of the PF (the header, the four
// standard capabilities and SR-IOV) and the gaps between them. The 3.7 KiB above 13Fh are
// unmapped and answered trivially by every implementation; sampling them would only dilute the
// comparison with accesses to nothing.
inline constexpr unsigned random_range = registers_end;

inline constexpr std::uint32_t size_mask(unsigned size) { return size >= 4 ? 0xffffffffu : (1u << (8 * size)) - 1; }
inline constexpr bool valid(unsigned off, unsigned size) {
    return (size == 1 || size == 2 || size == 4) && off < config_size && size <= config_size - off;
}
// What an invalid access reads: all-ones of its size (regspace's answer; 0 for size 0).
inline constexpr std::uint32_t invalid_read(unsigned size) { return size_mask(size); }

// VF BAR address bits that survive System Page Size `sps` (PCIe r6.0 §9.3.3.13-14): a 16 KiB VF
// BAR is aligned to the page when the page is larger. Page = 4 KiB << (lowest set bit), 4 KiB for 0.
inline constexpr std::uint32_t vf_bar_address_mask(std::uint32_t sps) {
    const unsigned n = sps ? static_cast<unsigned>(std::countr_zero(sps)) : 0;
    const std::uint64_t below_page = (std::uint64_t{4096} << n) - 1;
    return 0xffffc000u & ~static_cast<std::uint32_t>(below_page);
}

// ---------------------------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------------------------
class qemu_style {
public:
    qemu_style() { reset(); }
    // realize(): pci_config_alloc() and the init functions, as the device's realize calls them.
    void reset() {
        std::memset(config_, 0, sizeof config_);
        std::memset(wmask_, 0, sizeof wmask_);
        std::memset(w1cmask_, 0, sizeof w1cmask_);
        set_word(config_ + 0x00, 0x8086);  // pci_config_set_vendor_id ...
        set_word(config_ + 0x02, 0x10c9);
        config_[0x08] = 0x01;
        set_word(config_ + 0x0a, 0x0200);  // pci_config_set_class(PCI_CLASS_NETWORK_ETHERNET)
        set_word(config_ + 0x2c, 0x8086);
        set_word(config_ + 0x2e, 0xa03c);
        config_[0x3d] = 1;  // INTA#
        // pci_init_wmask / pci_init_w1cmask
        wmask_[0x0c] = 0xff;
        wmask_[0x3c] = 0xff;
        set_word(wmask_ + 0x04, 0x0507);
        set_word(w1cmask_ + 0x06, 0xf900);
        // pci_register_bar
        register_bar(0x10, 0x20000, 0x4);
        register_bar(0x18, 32, 0x1);
        register_bar(0x1c, 0x4000, 0x4);
        // pci_add_capability links each new capability at the head of the list: last one first.
        pcie_cap_init(exp_cap);
        msix_init(msix_cap);
        msi_init(msi_cap);
        pm_init(pm_cap);
        pcie_sriov_pf_init(sriov_cap);
        msix_function_masked_ = true;
    }
    std::uint32_t read(unsigned off, unsigned size) const {
        if (!valid(off, size)) return invalid_read(size);
        std::uint32_t v = 0;
        std::memcpy(&v, config_ + off, size);  // pci_default_read_config (little-endian host)
        return v;
    }
    // The device's config_write: the old values its helpers compare with, the default write, then
    // each capability's write_config.
    void write(unsigned off, unsigned size, std::uint32_t val) {
        if (!valid(off, size)) return;
        const std::uint16_t old_pmcsr = get_word(config_ + pm_cap + 4);
        pci_default_write_config(off, val, size);
        pm_write_config(off, size, old_pmcsr);
        msi_write_config(off, size);
        msix_write_config(off, size);
        pcie_cap_flr_write_config();
        pcie_sriov_config_write(off, size);
    }

    // typed workload: QEMU's helpers read config[] (msix_enabled(), pci_get_word ...)
    bool msix_enabled() const { return config_[msix_cap + 3] & 0x80; }
    unsigned num_vfs() const { return get_word(config_ + sriov_cap + 0x10); }
    unsigned max_payload() const { return (get_word(config_ + exp_cap + 8) >> 5) & 7; }
    std::uint64_t bar0_address() const {
        std::uint64_t v;
        std::memcpy(&v, config_ + 0x10, 8);
        return v & ~std::uint64_t{0xf};
    }
    void set_correctable_error(unsigned v) {
        std::uint8_t& sta = config_[exp_cap + 0x0a];
        sta = static_cast<std::uint8_t>((sta & ~1u) | (v & 1));
    }
    void set_pme_status(unsigned v) {
        std::uint8_t& b = config_[pm_cap + 5];
        b = static_cast<std::uint8_t>((b & ~0x80u) | (v & 1) << 7);
    }
    const std::uint8_t* bytes() const { return config_; }

private:
    static constexpr unsigned pm_cap = 0x40, msi_cap = 0x50, msix_cap = 0x70, exp_cap = 0xa0, sriov_cap = 0x100;

    static bool ranges_overlap(unsigned a, unsigned alen, unsigned b, unsigned blen) { return a < b + blen && b < a + alen; }
    static bool range_covers_byte(unsigned a, unsigned len, unsigned b) { return a <= b && b < a + len; }
    static void set_word(std::uint8_t* p, std::uint16_t v) { std::memcpy(p, &v, 2); }
    static void set_long(std::uint8_t* p, std::uint32_t v) { std::memcpy(p, &v, 4); }
    static std::uint16_t get_word(const std::uint8_t* p) {
        std::uint16_t v;
        std::memcpy(&v, p, 2);
        return v;
    }
    static std::uint32_t get_long(const std::uint8_t* p) {
        std::uint32_t v;
        std::memcpy(&v, p, 4);
        return v;
    }

    void pci_default_write_config(unsigned addr, std::uint32_t val, unsigned l) {
        for (unsigned i = 0; i < l; val >>= 8, ++i) {
            const std::uint8_t wm = wmask_[addr + i], w1c = w1cmask_[addr + i];
            config_[addr + i] = static_cast<std::uint8_t>((config_[addr + i] & ~wm) | (val & wm));
            config_[addr + i] &= static_cast<std::uint8_t>(~(val & w1c));
        }
    }

    void register_bar(unsigned reg, std::uint64_t size, std::uint8_t type) {
        const std::uint64_t wmask = ~(size - 1);
        config_[reg] = type;
        if (type & 0x4) std::memcpy(wmask_ + reg, &wmask, 8);  // 64-bit: pci_set_quad
        else set_long(wmask_ + reg, static_cast<std::uint32_t>(wmask));
    }
    void add_capability(std::uint8_t id, unsigned offset) {
        config_[offset] = id;
        config_[offset + 1] = config_[0x34];
        config_[0x34] = static_cast<std::uint8_t>(offset);
        config_[0x06] |= 0x10;  // PCI_STATUS_CAP_LIST
    }
    void pm_init(unsigned c) {  // what e1000e_add_pm_capability() does
        add_capability(0x01, c);
        set_word(config_ + c + 2, 0xc803);            // PME from D0, D3hot, D3cold; version 3
        set_word(config_ + c + 4, 0x0008);            // No_Soft_Reset
        set_word(wmask_ + c + 4, 0x0103);             // PowerState, PME_En
        set_word(w1cmask_ + c + 4, 0x8000);           // PME_Status
    }
    void msi_init(unsigned c) {  // msi_init(dev, c, 1 vector, 64-bit, per-vector mask)
        add_capability(0x05, c);
        set_word(config_ + c + 2, 0x0180);
        set_word(wmask_ + c + 2, 0x0071);              // QSIZE | ENABLE
        set_long(wmask_ + c + 4, 0xfffffffc);
        set_long(wmask_ + c + 8, 0xffffffff);
        set_word(wmask_ + c + 0xc, 0xffff);
        set_long(wmask_ + c + 0x10, 0x00000001);       // one vector's mask bit
    }
    void msix_init(unsigned c) {  // msix_init(dev, 10, bar 3, 0, bar 3, 0x2000)
        add_capability(0x11, c);
        set_word(config_ + c + 2, 10 - 1);
        set_long(config_ + c + 4, 0x0000 | 3);
        set_long(config_ + c + 8, 0x2000 | 3);
        wmask_[c + 3] |= 0xc0;  // MSIX_ENABLE_MASK | MSIX_MASKALL_MASK
    }
    void pcie_cap_init(unsigned c) {  // pcie_endpoint_cap_init + pcie_cap_flr_init + link setup
        add_capability(0x10, c);
        set_word(config_ + c + 0x02, 0x0002);          // v2, endpoint
        set_long(config_ + c + 0x04, 0x10008002);      // FLR, RBER, MPSS 512
        set_word(config_ + c + 0x08, 0x2810);          // MRRS 512, no snoop, relaxed ordering
        set_word(wmask_ + c + 0x08, 0xffff);           // all of Device Control, BCR_FLR included
        set_word(w1cmask_ + c + 0x0a, 0x000f);         // error detected bits
        set_long(config_ + c + 0x0c, 0x00000042);      // x4, 5 GT/s
        set_word(wmask_ + c + 0x10, 0x00c3);
        set_word(config_ + c + 0x12, 0x0042);
        set_word(w1cmask_ + c + 0x12, 0xc000);
        set_long(config_ + c + 0x24, 0x00000010);      // completion timeout disable supported
        set_word(wmask_ + c + 0x28, 0x0010);
        set_long(config_ + c + 0x2c, 0x00000006);
        set_word(config_ + c + 0x30, 0x0002);
        set_word(wmask_ + c + 0x30, 0x000f);
    }
    void pcie_sriov_pf_init(unsigned c) {  // pcie_add_capability + pcie_sriov_pf_init + VF BARs
        set_long(config_ + c, 0x0010 | 1u << 16 | 0u << 20);
        set_word(config_ + c + 0x0c, 8);               // InitialVFs
        set_word(config_ + c + 0x0e, 8);               // TotalVFs
        set_word(config_ + c + 0x14, 0x80);            // First VF Offset
        set_word(config_ + c + 0x16, 2);               // VF Stride
        set_word(config_ + c + 0x1a, 0x10ca);
        set_long(config_ + c + 0x1c, 0x553);
        set_long(config_ + c + 0x20, 1);
        set_word(wmask_ + c + 0x08, 0x0019);           // VF Enable, VF MSE, ARI
        set_word(w1cmask_ + c + 0x0a, 0x0001);
        set_word(wmask_ + c + 0x10, 0xffff);
        set_long(wmask_ + c + 0x20, 0xffffffff);
        for (unsigned bar : {0x24u, 0x2cu}) {          // pcie_sriov_pf_init_vf_bar: 64-bit, 16 KiB
            config_[c + bar] = 0x4;
            set_long(wmask_ + c + bar, 0xffffc000);
            set_long(wmask_ + c + bar + 4, 0xffffffff);
        }
    }

    // PCI PM 1.2 §3.2.4: a write of an unsupported state (D1, D2) is completed and discarded.
    void pm_write_config(unsigned addr, unsigned len, std::uint16_t old) {
        if (!range_covers_byte(addr, len, pm_cap + 4)) return;
        const unsigned state = config_[pm_cap + 4] & 3;
        if (state == 1 || state == 2)
            config_[pm_cap + 4] = static_cast<std::uint8_t>((config_[pm_cap + 4] & ~3u) | (old & 3));
    }
    void msi_write_config(unsigned addr, unsigned len) {
        if (!ranges_overlap(addr, len, msi_cap, 0x18)) return;
        std::uint16_t flags = get_word(config_ + msi_cap + 2);
        const unsigned log_num_vecs = (flags >> 4) & 7, log_max_vecs = (flags >> 1) & 7;
        if (log_num_vecs > log_max_vecs) {
            flags = static_cast<std::uint16_t>((flags & ~0x70u) | log_max_vecs << 4);
            set_word(config_ + msi_cap + 2, flags);
        }
    }
    void msix_write_config(unsigned addr, unsigned len) {
        if (!range_covers_byte(addr, len, msix_cap + 3)) return;
        msix_function_masked_ = !(config_[msix_cap + 3] & 0x80) || (config_[msix_cap + 3] & 0x40);
    }
    void pcie_cap_flr_write_config() {
        if (get_word(config_ + exp_cap + 8) & 0x8000) {
            function_reset();  // pci_device_reset()
            config_[exp_cap + 9] &= 0x7f;
        }
    }
    void pcie_sriov_config_write(unsigned addr, unsigned len) {
        if (addr + len <= sriov_cap || addr >= sriov_cap + 0x40) return;
        if (range_covers_byte(addr, len, sriov_cap + 0x08)) {
            // VFs come and go here (register_vfs / unregister_vfs); NumVFs is locked while enabled.
            set_word(wmask_ + sriov_cap + 0x10, (config_[sriov_cap + 0x08] & 1) ? 0 : 0xffff);
        }
        if (ranges_overlap(addr, len, sriov_cap + 0x20, 4) || ranges_overlap(addr, len, sriov_cap + 0x24, 4) ||
            ranges_overlap(addr, len, sriov_cap + 0x2c, 4))
            align_vf_bars();
    }
    // VF BARs follow System Page Size: the address bits below the page read 0 and are not writable.
    void align_vf_bars() {
        const std::uint32_t m = vf_bar_address_mask(get_long(config_ + sriov_cap + 0x20));
        for (unsigned bar : {0x24u, 0x2cu}) {
            set_long(wmask_ + sriov_cap + bar, m);
            set_long(config_ + sriov_cap + bar, get_long(config_ + sriov_cap + bar) & (m | 0xf));
        }
    }

    // pci_device_reset(): pci_do_device_reset(), then the device's reset (each capability's).
    void function_reset() {
        // pci_do_device_reset: clear the writable header bits, BARs back to their type
        set_word(config_ + 0x04, get_word(config_ + 0x04) & ~(get_word(wmask_ + 0x04) | get_word(w1cmask_ + 0x04)));
        set_word(config_ + 0x06, get_word(config_ + 0x06) & ~(get_word(wmask_ + 0x06) | get_word(w1cmask_ + 0x06)));
        config_[0x0c] = 0;
        config_[0x3c] = 0;
        set_long(config_ + 0x10, 0x4);
        set_long(config_ + 0x14, 0);
        set_long(config_ + 0x18, 0x1);
        set_long(config_ + 0x1c, 0x4);
        set_long(config_ + 0x20, 0);
        // PM: back to D0; PME_En and PME_Status are sticky
        config_[pm_cap + 4] &= static_cast<std::uint8_t>(~3u);
        // msi_reset
        set_word(config_ + msi_cap + 2, get_word(config_ + msi_cap + 2) & ~0x0071u);
        std::memset(config_ + msi_cap + 4, 0, 0x14);
        // msix_reset
        config_[msix_cap + 3] &= 0x3f;
        msix_function_masked_ = true;
        // PCIe: Device Control defaults, status bits cleared; Target Link Speed is sticky
        set_word(config_ + exp_cap + 0x08, 0x2810);
        set_word(config_ + exp_cap + 0x0a, 0);
        set_word(config_ + exp_cap + 0x10, 0);
        set_word(config_ + exp_cap + 0x12, get_word(config_ + exp_cap + 0x12) & ~0xc000u);
        set_word(config_ + exp_cap + 0x28, 0);
        // pcie_sriov_pf_reset
        set_word(config_ + sriov_cap + 0x08, 0);
        set_word(config_ + sriov_cap + 0x0a, 0);
        set_word(config_ + sriov_cap + 0x10, 0);
        set_word(wmask_ + sriov_cap + 0x10, 0xffff);
        set_long(config_ + sriov_cap + 0x20, 1);
        for (unsigned bar : {0x24u, 0x2cu}) {
            set_long(config_ + sriov_cap + bar, 0x4);
            set_long(config_ + sriov_cap + bar + 4, 0);
            set_long(wmask_ + sriov_cap + bar, 0xffffc000);
        }
    }

    std::uint8_t config_[config_size];
    std::uint8_t wmask_[config_size];
    std::uint8_t w1cmask_[config_size];
    bool msix_function_masked_ = true;
};

// ---------------------------------------------------------------------------------------------
class list_style {
public:
    struct reg;
    using read_fn = std::uint32_t (*)(const list_style&, const reg&);
    using write_fn = void (*)(list_style&, const reg&, std::uint32_t);
    struct reg {
        unsigned offset, size;
        read_fn read;
        write_fn write;
        std::uint32_t ro_mask, rw1c_mask, rsvdp_mask, rsvdz_mask;
        std::uint32_t init, sticky;  // power-on value; bits an FLR keeps
        unsigned slot;               // index of the register's storage in the device's state
    };

    list_style() {
        // Registered in offset order, as vpci_add_register_mask() keeps the list sorted. Every
        // register the function implements; reserved-only ones are left to the gaps (read 0).
        //  offset size  RO          RW1C        RsvdP       init
        add(0x00, 2, 0xffff, 0, 0, 0x8086);                   // Vendor ID
        add(0x02, 2, 0xffff, 0, 0, 0x10c9);                   // Device ID
        add(0x04, 2, 0, 0, 0xfaf8, 0);                        // Command
        add(0x06, 2, 0x0018, 0xf900, 0x06e7, 0x0010);         // Status
        add(0x08, 1, 0xff, 0, 0, 0x01);                       // Revision ID
        add(0x09, 1, 0xff, 0, 0, 0x00);                       // Class code
        add(0x0a, 1, 0xff, 0, 0, 0x00);
        add(0x0b, 1, 0xff, 0, 0, 0x02);
        add(0x0c, 1, 0, 0, 0, 0);                             // Cache Line Size
        add(0x0d, 1, 0xff, 0, 0, 0);                          // Latency Timer
        add(0x0e, 1, 0xff, 0, 0, 0);                          // Header Type
        add(0x10, 4, 0x0000000f, 0, 0x0001fff0, 0x4);         // BAR0: 64-bit, 128 KiB
        add(0x14, 4, 0, 0, 0, 0);                             // BAR1: BAR0's upper half
        add(0x18, 4, 0x00000001, 0, 0x0000001e, 0x1);         // BAR2: I/O, 32 bytes
        add(0x1c, 4, 0x0000000f, 0, 0x00003ff0, 0x4);         // BAR3: 64-bit, 16 KiB
        add(0x20, 4, 0, 0, 0, 0);                             // BAR4: BAR3's upper half
        add(0x2c, 2, 0xffff, 0, 0, 0x8086);                   // Subsystem Vendor ID
        add(0x2e, 2, 0xffff, 0, 0, 0xa03c);                   // Subsystem ID
        add(0x34, 1, 0xff, 0, 0, 0x40);                       // Capabilities Pointer
        add(0x3c, 1, 0, 0, 0, 0);                             // Interrupt Line
        add(0x3d, 1, 0xff, 0, 0, 0x01);                       // Interrupt Pin
        // Power Management (40h)
        add(0x40, 1, 0xff, 0, 0, 0x01);
        add(0x41, 1, 0xff, 0, 0, 0x50);
        add(0x42, 2, 0xffef, 0, 0x0010, 0xc803);              // PMC
        add(0x44, 2, 0x7e08, 0x8000, 0x00f4, 0x0008, &pmcsr_write, 0x8100);  // PMCSR (PME bits sticky)
        // MSI (50h): one vector, 64-bit, per-vector mask
        add(0x50, 1, 0xff, 0, 0, 0x05);
        add(0x51, 1, 0xff, 0, 0, 0x70);
        add(0x52, 2, 0x018e, 0, 0xfe00, 0x0180, &msi_control_write);
        add(0x54, 4, 0, 0, 0x00000003, 0);                    // Message Address
        add(0x58, 4, 0, 0, 0, 0);                             // Message Upper Address
        add(0x5c, 2, 0, 0, 0, 0);                             // Message Data
        add(0x60, 4, 0, 0, 0xfffffffe, 0);                    // Mask Bits
        add(0x64, 4, 0x00000001, 0, 0xfffffffe, 0);           // Pending Bits
        // MSI-X (70h)
        add(0x70, 1, 0xff, 0, 0, 0x11);
        add(0x71, 1, 0xff, 0, 0, 0xa0);
        add(0x72, 2, 0x07ff, 0, 0x3800, 0x0009);              // Message Control
        add(0x74, 4, 0xffffffff, 0, 0, 0x00000003);           // Table Offset/BIR
        add(0x78, 4, 0xffffffff, 0, 0, 0x00002003);           // PBA Offset/BIR
        // PCI Express (A0h)
        add(0xa0, 1, 0xff, 0, 0, 0x10);
        add(0xa1, 1, 0xff, 0, 0, 0x00);
        add(0xa2, 2, 0x3fff, 0, 0xc000, 0x0002);              // PCIe Capabilities
        add(0xa4, 4, 0x1ffc8fff, 0, 0xe0037000, 0x10008002);  // Device Capabilities
        add(0xa8, 2, 0, 0, 0, 0x2810, &devctl_write);         // Device Control
        add(0xaa, 2, 0x0030, 0x000f, 0xffc0, 0);              // Device Status
        add(0xac, 4, 0xff13ffff, 0, 0x00ec0000, 0x00000042);  // Link Capabilities
        add(0xb0, 2, 0x0008, 0, 0xff34, 0);                   // Link Control
        add(0xb2, 2, 0x3bff, 0xc000, 0x0400, 0x0042);         // Link Status
        add(0xba, 2, 0x0040, 0, 0xffbf, 0);                   // Slot Status (no slot)
        add(0xc4, 4, 0x0000001f, 0, 0xffffffe0, 0x00000010);  // Device Capabilities 2
        add(0xc8, 2, 0x000f, 0, 0xffe0, 0);                   // Device Control 2
        add(0xcc, 4, 0x000000fe, 0, 0xffffff01, 0x00000006);  // Link Capabilities 2
        add(0xd0, 2, 0, 0, 0xfff0, 0x0002, &plain_write, 0x000f);  // Link Control 2 (sticky)
        // SR-IOV (100h)
        add(0x100, 4, 0xffffffff, 0, 0, 0x00010010);
        add(0x104, 4, 0x00000003, 0, 0xfffffffc, 0);          // SR-IOV Capabilities
        add(0x108, 2, 0, 0, 0xffe6, 0);                       // SR-IOV Control
        add(0x10a, 2, 0, 0x0001, 0xfffe, 0);                  // SR-IOV Status
        add(0x10c, 2, 0xffff, 0, 0, 8);                       // InitialVFs
        add(0x10e, 2, 0xffff, 0, 0, 8);                       // TotalVFs
        add(0x110, 2, 0, 0, 0, 0, &num_vfs_write);            // NumVFs
        add(0x112, 1, 0xff, 0, 0, 0);                         // Function Dependency Link
        add(0x114, 2, 0xffff, 0, 0, 0x80);                    // First VF Offset
        add(0x116, 2, 0xffff, 0, 0, 2);                       // VF Stride
        add(0x11a, 2, 0xffff, 0, 0, 0x10ca);                  // VF Device ID
        add(0x11c, 4, 0xffffffff, 0, 0, 0x553);               // Supported Page Sizes
        add(0x120, 4, 0, 0, 0, 1, &page_size_write);          // System Page Size
        add(0x124, 4, 0x0000000f, 0, 0x00003ff0, 0x4, &vf_bar_write);  // VF BAR0
        add(0x128, 4, 0, 0, 0, 0);                            // VF BAR1
        add(0x12c, 4, 0x0000000f, 0, 0x00003ff0, 0x4, &vf_bar_write);  // VF BAR2
        add(0x130, 4, 0, 0, 0, 0);                            // VF BAR3
        reset_values_ = values_;
        msix_ctl_slot_ = find(0x72).slot;
        num_vfs_slot_ = find(0x110).slot;
        sriov_ctl_slot_ = find(0x108).slot;
        devctl_slot_ = find(0xa8).slot;
        devsta_slot_ = find(0xaa).slot;
        bar0_slot_ = find(0x10).slot;
        bar1_slot_ = find(0x14).slot;
        pmcsr_slot_ = find(0x44).slot;
        vf_bar_slot_[0] = find(0x124).slot;
        vf_bar_slot_[1] = find(0x12c).slot;
    }
    void reset() {
        values_ = reset_values_;
        vf_bar_mask_ = vf_bar_address_mask(1);
    }

    // vpci_read: walk the list; gaps read 0 (a fully emulated function); merge each register.
    std::uint32_t read(unsigned off, unsigned size) const {
        if (!valid(off, size)) return invalid_read(size);
        std::uint32_t data = 0;
        for (const reg& r : regs_) {
            if (r.offset >= off + size) break;
            if (r.offset + r.size <= off) continue;
            const std::uint32_t v = r.read(*this, r) & ~(r.rsvdp_mask | r.rsvdz_mask);
            data = vpci::merge_read(data, v, off, size, r);
        }
        return data;
    }
    // vpci_write: every register the access covers gets vpci_write_helper(); a Function Level
    // Reset the write asked for runs once the access is done.
    void write(unsigned off, unsigned size, std::uint32_t data) {
        if (!valid(off, size)) return;
        data &= size_mask(size);
        for (const reg& r : regs_) {
            if (r.offset >= off + size) break;
            if (r.offset + r.size <= off) continue;
            vpci::write_helper(*this, r, off, size, data);
        }
        if (flr_pending_) function_reset();
    }

    // Typed access goes to the registers' storage, found once at start-up (what a vPCI handler
    // does with its private data).
    bool msix_enabled() const { return values_[msix_ctl_slot_] & 0x8000; }
    unsigned num_vfs() const { return values_[num_vfs_slot_]; }
    unsigned max_payload() const { return (values_[devctl_slot_] >> 5) & 7; }
    std::uint64_t bar0_address() const { return (values_[bar0_slot_] & ~0xfu) | std::uint64_t{values_[bar1_slot_]} << 32; }
    void set_correctable_error(unsigned v) {
        std::uint32_t& sta = values_[devsta_slot_];
        sta = (sta & ~1u) | (v & 1);
    }
    void set_pme_status(unsigned v) {
        std::uint32_t& pmcsr = values_[pmcsr_slot_];
        pmcsr = (pmcsr & ~0x8000u) | (v & 1) << 15;
    }

private:
    void add(unsigned off, unsigned size, std::uint32_t ro, std::uint32_t rw1c, std::uint32_t rsvdp, std::uint32_t init,
             write_fn w = &plain_write, std::uint32_t sticky = 0) {
        regs_.push_back(reg{off, size, &plain_read, w, ro, rw1c, rsvdp, 0, init, sticky,
                            static_cast<unsigned>(values_.size())});
        values_.push_back(init);
    }
    const reg& find(unsigned off) const {
        for (const reg& r : regs_)
            if (r.offset == off) return r;
        return regs_.front();
    }
    static std::uint32_t plain_read(const list_style& d, const reg& r) { return d.values_[r.slot]; }
    static void plain_write(list_style& d, const reg& r, std::uint32_t v) { d.values_[r.slot] = v; }
    // PCI PM 1.2 §3.2.4: D1 and D2 are not supported; such a write keeps the current state.
    static void pmcsr_write(list_style& d, const reg& r, std::uint32_t v) {
        std::uint32_t& cur = d.values_[r.slot];
        const std::uint32_t state = v & 3;
        cur = (state == 1 || state == 2) ? (v & ~3u) | (cur & 3) : v;
    }
    // Multiple Message Enable never exceeds Multiple Message Capable.
    static void msi_control_write(list_style& d, const reg& r, std::uint32_t v) {
        const std::uint32_t mmc = (v >> 1) & 7, mme = (v >> 4) & 7;
        d.values_[r.slot] = mme > mmc ? (v & ~0x70u) | mmc << 4 : v;
    }
    // Initiate Function Level Reset reads 0; writing 1 resets the function after this access.
    static void devctl_write(list_style& d, const reg& r, std::uint32_t v) {
        d.values_[r.slot] = v & 0x7fff;
        if (v & 0x8000) d.flr_pending_ = true;
    }
    // NumVFs may only change while VF Enable is clear (PCIe r6.0 §9.3.3.7).
    static void num_vfs_write(list_style& d, const reg& r, std::uint32_t v) {
        if (!(d.values_[d.sriov_ctl_slot_] & 1)) d.values_[r.slot] = v;
    }
    static void page_size_write(list_style& d, const reg& r, std::uint32_t v) {
        d.values_[r.slot] = v;
        d.vf_bar_mask_ = vf_bar_address_mask(v);
        for (unsigned s : d.vf_bar_slot_) d.values_[s] &= d.vf_bar_mask_ | 0xf;
    }
    static void vf_bar_write(list_style& d, const reg& r, std::uint32_t v) {
        d.values_[r.slot] = v & (d.vf_bar_mask_ | 0xf);
    }
    void function_reset() {
        flr_pending_ = false;
        for (const reg& r : regs_) {
            std::uint32_t& v = values_[r.slot];
            v = (v & r.sticky) | (r.init & ~r.sticky);
        }
        vf_bar_mask_ = vf_bar_address_mask(1);
    }


    std::vector<reg> regs_;
    std::vector<std::uint32_t> values_, reset_values_;
    unsigned msix_ctl_slot_ = 0, num_vfs_slot_ = 0, sriov_ctl_slot_ = 0, devctl_slot_ = 0, devsta_slot_ = 0,
             bar0_slot_ = 0, bar1_slot_ = 0, pmcsr_slot_ = 0;
    unsigned vf_bar_slot_[2] = {0, 0};
    std::uint32_t vf_bar_mask_ = vf_bar_address_mask(1);
    bool flr_pending_ = false;
};

}  // namespace bench::nic
