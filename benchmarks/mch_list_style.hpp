// SPDX-License-Identifier: MIT
// The Q35 MCH's config space the way Xen's vPCI writes it (regspace-bench's `list_style` baseline).
//
// Xen's vPCI: a list of register descriptors sorted by offset, each with read and write
// handlers and RO/RW1C/RsvdP/RsvdZ masks, walked for every access; partial writes read the register
// through its handler and merge (vpci_write_helper()).
#pragma once

#include <cstdint>
#include <vector>

#include "mch_common.hpp"
#include "vpci_style.hpp"

namespace bench::mch {

class list_style {
public:
    using reg = vpci::list_reg<list_style>;
    using read_fn = reg::read_fn;
    using write_fn = reg::write_fn;

    list_style() {
        // Registered in offset order, as vpci_add_register_mask() keeps the list sorted.
        add(0x00, 2, 0xffff, 0, 0, 0, 0x8086);
        add(0x02, 2, 0xffff, 0, 0, 0, 0x29c0);
        add(0x04, 2, 0, 0, 0xfaf8, 0);                              // COMMAND
        add(0x06, 2, 0x06ff, 0xf900, 0, 0);                        // STATUS
        add(0x08, 1, 0xff, 0, 0, 0);                                // RID
        add(0x09, 1, 0xff, 0, 0, 0);                                // PI
        add(0x0a, 1, 0xff, 0, 0, 0, 0x00);                          // SCC
        add(0x0b, 1, 0xff, 0, 0, 0, 0x06);                          // BCC
        add(0x0c, 1, 0, 0, 0, 0);                                   // CLS
        add(0x0d, 1, 0xff, 0, 0, 0);                                // MLT
        add(0x0e, 1, 0xff, 0, 0, 0);                                // HTYPE
        add(0x2c, 2, 0xffff, 0, 0, 0, 0x1af4);
        add(0x2e, 2, 0xffff, 0, 0, 0, 0x1100);
        add(0x34, 1, 0xff, 0, 0, 0);                                // CAP_PTR
        add(0x3c, 1, 0, 0, 0, 0);                                   // INTLINE
        add(0x3d, 1, 0xff, 0, 0, 0);                                // INTPIN
        for (unsigned o = 0x40; o < 0x50; o += 4) add(o, 4, 0, 0, 0, 0);
        add(0x50, 2, 0, 0, 0, 0, ext_tseg_mbytes, &ext_tseg_write);
        add(0x52, 2, 0, 0, 0, 0);
        for (unsigned o = 0x54; o < 0x60; o += 4) add(o, 4, 0, 0, 0, 0);
        add(0x60, 4, 0, 0, 0, 0, 0xb0000000);
        for (unsigned o = 0x64; o < 0x90; o += 4) add(o, 4, 0, 0, 0, 0);
        for (unsigned o = 0x90; o < 0x98; ++o) add(o, 1, 0, 0, 0, 0);  // PAM0-6, LAC
        add(0x98, 2, 0, 0, 0, 0);
        add(0x9a, 2, 0, 0, 0, 0);
        add(0x9c, 1, 0, 0, 0, 0, 0x00, &smbase_write);
        add(0x9d, 1, 0x07, 0, 0x80, 0, 0x02, &smram_write);
        add(0x9e, 1, 0x38, 0x40, 0, 0, 0x38, &esmramc_write);
        add(0x9f, 1, 0, 0, 0, 0);
        for (unsigned o = 0xa0; o < 0xb0; o += 2) add(o, 2, 0, 0, 0, 0);
        for (unsigned o = 0xb0; o < 0xc8; o += 2) add(o, 2, 0, 0, 0, 0);
        for (unsigned o = 0xc8; o < 0xd0; o += 2) add(o, 2, 0, 0, 0, 0);
        for (unsigned o = 0xd0; o < 0x100; o += 4) add(o, 4, 0, 0, 0, 0);
        reset_values_ = values_;
        smram_slot_ = find(0x9d).slot;
        pciexbar_slot_ = find(0x60).slot;  // 64h is the next register
        pam_slot_ = find(0x90).slot;
        tolud_slot_ = find(0xb0).slot;
    }
    void reset() { values_ = reset_values_; }

    // vpci_read: walk the list; gaps read 0 (a fully emulated function); merge each register.
    std::uint32_t read(unsigned off, unsigned size) const {
        if (!valid(off, size)) return 0xffffffff;
        std::uint32_t data = 0;
        for (const reg& r : regs_) {
            if (r.offset >= off + size) break;
            if (r.offset + r.size <= off) continue;
            std::uint32_t v = r.read(*this, r) & ~(r.rsvdp_mask | r.rsvdz_mask);
            data = vpci::merge_read(data, v, off, size, r);
        }
        return data;
    }
    // vpci_write: every register the access covers gets vpci_write_helper().
    void write(unsigned off, unsigned size, std::uint32_t data) {
        if (!valid(off, size)) return;
        data &= size_mask(size);
        locked_at_start_ = smram() & 0x10;
        for (const reg& r : regs_) {
            if (r.offset >= off + size) break;
            if (r.offset + r.size <= off) continue;
            vpci::write_helper(*this, r, off, size, data);
        }
    }

    // Typed access goes to the registers' storage, found once at start-up (what a vPCI handler
    // does with its private data).
    bool smram_locked() const { return values_[smram_slot_] & 0x10; }
    std::uint64_t pciexbar() const { return values_[pciexbar_slot_] | std::uint64_t{values_[pciexbar_slot_ + 1]} << 32; }
    void set_pam1_hi(unsigned attr) {
        std::uint32_t& v = values_[pam_slot_ + 1];
        v = (v & ~0x30u) | (attr & 3) << 4;
    }
    unsigned tolud_mb() const { return (values_[tolud_slot_] >> 4) & 0xfff; }
    void set_tolud_mb(unsigned mb) {
        std::uint32_t& v = values_[tolud_slot_];
        v = (v & 0xfu) | (mb & 0xfff) << 4;
    }

private:
    void add(unsigned off, unsigned size, std::uint32_t ro, std::uint32_t rw1c, std::uint32_t rsvdp,
             std::uint32_t rsvdz, std::uint32_t init = 0, write_fn w = &plain_write) {
        regs_.push_back(reg{off, size, &plain_read, w, ro, rw1c, rsvdp, rsvdz, {}, static_cast<unsigned>(values_.size())});
        values_.push_back(init);
    }
    const reg& find(unsigned off) const {
        for (const reg& r : regs_)
            if (r.offset == off) return r;
        return regs_.front();
    }
    static std::uint32_t plain_read(const list_style& d, const reg& r) { return d.values_[r.slot]; }
    static void plain_write(list_style& d, const reg& r, std::uint32_t v) { d.values_[r.slot] = v; }
    static void ext_tseg_write(list_style& d, const reg& r, std::uint32_t v) {
        d.values_[r.slot] = (v & 0xffff) == 0xffff ? ext_tseg_mbytes : v;
    }
    static void smbase_write(list_style& d, const reg& r, std::uint32_t v) {
        d.values_[r.slot] = smbase_next(static_cast<std::uint8_t>(d.values_[r.slot]), static_cast<std::uint8_t>(v));
    }
    std::uint32_t& smram() { return values_[smram_slot_]; }
    // The SMRAM lock as it was when the access started: QEMU and regspace sample it once per
    // access, so a dword write that sets D_LCK still writes ESMRAMC.
    static void smram_write(list_style& d, const reg& r, std::uint32_t v) {
        std::uint32_t& cur = d.values_[r.slot];
        std::uint32_t next = d.locked_at_start_ ? (cur & ~0x20u) | (v & 0x20) : (cur & ~0x68u) | (v & 0x68);
        next |= (cur | v) & 0x10;         // D_LCK: write 1 to set
        if (next & 0x10) next &= ~0x40u;  // and it closes D_OPEN
        cur = next;
    }
    static void esmramc_write(list_style& d, const reg& r, std::uint32_t v) {
        if (d.locked_at_start_) return;
        std::uint32_t& cur = d.values_[r.slot];
        cur = (cur & ~0x87u) | (v & 0x87);
    }

    std::vector<reg> regs_;
    std::vector<std::uint32_t> values_, reset_values_;
    unsigned smram_slot_ = 0, pciexbar_slot_ = 0, pam_slot_ = 0, tolud_slot_ = 0;
    bool locked_at_start_ = false;
};

}  // namespace bench::mch
