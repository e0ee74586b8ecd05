// SPDX-License-Identifier: MIT
// The SR-IOV NIC's PF config space the way QEMU writes it (regspace-bench's `qemu_style` baseline).
//
// QEMU's pci_default_write_config(): config/wmask/w1cmask byte arrays of 4 KiB and a
// loop over the written bytes, then the device's own config_write calling the capability helpers
// QEMU's NICs call (the PM state check, msi_write_config, msix_write_config,
// pcie_cap_flr_write_config, pcie_sriov_config_write), which may change the masks (NumVFs locked
// while VF Enable is set, VF BAR alignment).
#pragma once

#include <cstdint>
#include <cstring>
#include <initializer_list>

#include "nic_common.hpp"

namespace bench::nic {

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

}  // namespace bench::nic
