// SPDX-License-Identifier: MIT
// The SR-IOV NIC's PF config space the way Xen's vPCI writes it (regspace-bench's `list_style`).
//
// Xen's vPCI: a list of register descriptors sorted by offset, each with read and write
// handlers and RO/RW1C/RsvdP/RsvdZ masks, walked for every access; partial writes read the register
// through its handler and merge (vpci_write_helper()).
#pragma once

#include <cstdint>
#include <vector>

#include "nic_common.hpp"
#include "vpci_style.hpp"

namespace bench::nic {

class list_style {
public:
    // What a Function Level Reset needs of each register (PCIe r6.0 §6.6.2).
    struct flr_values {
        std::uint32_t init, sticky;  // power-on value; bits an FLR keeps
    };
    using reg = vpci::list_reg<list_style, flr_values>;
    using read_fn = reg::read_fn;
    using write_fn = reg::write_fn;

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
        regs_.push_back(reg{off, size, &plain_read, w, ro, rw1c, rsvdp, 0, {init, sticky},
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
            v = (v & r.extra.sticky) | (r.extra.init & ~r.extra.sticky);
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
