// SPDX-License-Identifier: MIT
// The Q35 MCH's configuration space (QEMU 7.2 behaviour, as q35::mch<> describes it) written
// three more ways, each as well as its style allows, for regspace-bench to compare against:
//
//   handwritten  what a careful expert writes by hand: one uint32_t per dword and a switch over
//                dword offsets with constant masks; the floor to match.
//   qemu_style   QEMU's pci_default_write_config(): config/wmask/w1cmask byte arrays and a loop
//                over the written bytes, then the device's own config_write (mch_write_config):
//                range checks and update functions that may change the masks (the SMRAM lock).
//   list_style   Xen's vPCI: a list of register descriptors sorted by offset, each with read and
//                write handlers and RO/RW1C/RsvdP/RsvdZ masks, walked for every access; partial
//                writes read the register through its handler and merge (vpci_write_helper()).
//
// All three are written from the datasheet and QEMU's code, not from regspace's descriptors;
// tests/bench/test_baselines.cpp checks that they answer every workload exactly as regspace does.
// Interface shared by all: read(off, size), write(off, size, value) for sizes 1, 2, 4 (others
// read all-ones and write nothing, as regspace), plus the typed operations of the `typed`
// workload.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <vector>

#include "vpci_style.hpp"

namespace bench::mch {

inline constexpr std::uint16_t ext_tseg_mbytes = 16;

inline constexpr std::uint32_t size_mask(unsigned size) { return size >= 4 ? 0xffffffffu : (1u << (8 * size)) - 1; }
inline constexpr bool valid(unsigned off, unsigned size) {
    return (size == 1 || size == 2 || size == 4) && off < 256 && size <= 256 - off;
}

// QEMU's F_SMBASE negotiation as a function of (old, written) (see q35/mch.hpp smbase_rule).
inline constexpr std::uint8_t smbase_next(std::uint8_t old, std::uint8_t now) {
    if (old == 0x00) return now == 0xff ? 0x01 : 0x00;
    if (old == 0x01) return (now & 0x02) ? 0x02 : 0x01;
    return 0x02;
}

// ---------------------------------------------------------------------------------------------
class handwritten {
public:
    handwritten() { reset(); }
    void reset() {
        w_.fill(0);
        w_[0x00 >> 2] = 0x29c08086;
        w_[0x08 >> 2] = 0x06000000;
        w_[0x2c >> 2] = 0x11001af4;
        w_[0x50 >> 2] = ext_tseg_mbytes;
        w_[0x60 >> 2] = 0xb0000000;
        w_[0x9c >> 2] = 0x00380200;
    }
    std::uint32_t read(unsigned off, unsigned size) const {
        if (!valid(off, size)) return 0xffffffff;
        const unsigned sh = 8 * (off & 3);
        std::uint64_t v = w_[off >> 2] >> sh;
        if (sh + 8 * size > 32) v |= std::uint64_t{w_[(off >> 2) + 1]} << (32 - sh);
        return static_cast<std::uint32_t>(v) & size_mask(size);
    }
    void write(unsigned off, unsigned size, std::uint32_t value) {
        if (!valid(off, size)) return;
        const unsigned sh = 8 * (off & 3);
        const std::uint64_t be = std::uint64_t{size_mask(size)} << sh;
        const std::uint64_t v = std::uint64_t{value & size_mask(size)} << sh;
        write_dword(off >> 2, static_cast<std::uint32_t>(be), static_cast<std::uint32_t>(v));
        if (be >> 32) write_dword((off >> 2) + 1, static_cast<std::uint32_t>(be >> 32), static_cast<std::uint32_t>(v >> 32));
    }

    // typed workload
    bool smram_locked() const { return (w_[0x9c >> 2] >> 12) & 1; }
    std::uint64_t pciexbar() const { return w_[0x60 >> 2] | std::uint64_t{w_[0x64 >> 2]} << 32; }
    void set_pam1_hi(unsigned attr) { w_[0x90 >> 2] = (w_[0x90 >> 2] & ~(3u << 12)) | (attr & 3) << 12; }
    unsigned tolud_mb() const { return (w_[0xb0 >> 2] >> 4) & 0xfff; }
    void set_tolud_mb(unsigned mb) { w_[0xb0 >> 2] = (w_[0xb0 >> 2] & ~0xfff0u) | (mb & 0xfff) << 4; }

    const std::array<std::uint32_t, 64>& words() const { return w_; }

private:
    static std::uint32_t merge(std::uint32_t cur, std::uint32_t be, std::uint32_t v, std::uint32_t wmask) {
        return (cur & ~(be & wmask)) | (v & be & wmask);
    }
    void write_dword(unsigned dw, std::uint32_t be, std::uint32_t v) {
        std::uint32_t& r = w_[dw];
        switch (dw) {
            case 0x04 >> 2:  // COMMAND (IO, MEM, MASTER, SERR, INTx disable) | STATUS RW1C errors
                r = merge(r, be, v, 0x00000507);
                r &= ~(v & be & 0xf9000000);
                return;
            case 0x0c >> 2:  // cache line size
            case 0x3c >> 2:  // interrupt line
                r = merge(r, be, v, 0x000000ff);
                return;
            case 0x50 >> 2:  // EXT_TSEG_MBYTES: FFFFh asks for the size
                r = merge(r, be, v, 0xffffffff);
                if ((be & 0xffff) && (r & 0xffff) == 0xffff) r = (r & 0xffff0000) | ext_tseg_mbytes;
                return;
            case 0x9c >> 2: {  // F_SMBASE, SMRAM, ESMRAMC, scratch
                const bool locked = r & 0x00001000;  // D_LCK before this write
                const std::uint32_t old = r;
                const std::uint32_t wm = 0xff000000 | 0x000000ff | (locked ? 0x00002000 : 0x00877800);
                r = merge(r, be, v, wm) | (old & 0x00001000);  // D_LCK is write-1-to-set
                if (be & 0x000000ff)
                    r = (r & ~0xffu) | smbase_next(static_cast<std::uint8_t>(old), static_cast<std::uint8_t>(r));
                if ((be & 0x0000ff00) && (r & 0x00001000)) r &= ~0x00004000u;  // D_LCK clears D_OPEN
                return;
            }
            default:
                if (dw >= (0x40 >> 2)) r = merge(r, be, v, 0xffffffff);  // QEMU: 40h-FFh writable
                return;  // the rest of the header is read-only
        }
    }
    std::array<std::uint32_t, 64> w_{};
};

// ---------------------------------------------------------------------------------------------
class qemu_style {
public:
    qemu_style() { reset(); }
    void reset() {
        std::memset(config_, 0, sizeof config_);
        std::memset(wmask_, 0, sizeof wmask_);
        std::memset(w1cmask_, 0, sizeof w1cmask_);
        set_word(config_ + 0x00, 0x8086);
        set_word(config_ + 0x02, 0x29c0);
        set_word(config_ + 0x0a, 0x0600);
        set_word(config_ + 0x2c, 0x1af4);
        set_word(config_ + 0x2e, 0x1100);
        // pci_init_wmask / pci_init_w1cmask
        wmask_[0x0c] = 0xff;
        wmask_[0x3c] = 0xff;
        set_word(wmask_ + 0x04, 0x0507);
        std::memset(wmask_ + 0x40, 0xff, 256 - 0x40);
        set_word(w1cmask_ + 0x06, 0xf900);
        // mch_reset
        set_long(config_ + 0x60, 0xb0000000);
        config_[0x9d] = 0x02;
        config_[0x9e] = 0x38;
        wmask_[0x9d] = 0x78;
        wmask_[0x9e] = 0x87;
        set_word(config_ + 0x50, 0xffff);
        config_[0x9c] = 0;
        wmask_[0x9c] = 0xff;
        update_ext_tseg();
    }
    std::uint32_t read(unsigned off, unsigned size) const {
        if (!valid(off, size)) return 0xffffffff;
        std::uint32_t v = 0;
        std::memcpy(&v, config_ + off, size);  // pci_default_read_config (little-endian host)
        return v;
    }
    void write(unsigned off, unsigned size, std::uint32_t val) {
        if (!valid(off, size)) return;
        // pci_default_write_config
        for (unsigned i = 0; i < size; val >>= 8, ++i) {
            const std::uint8_t wm = wmask_[off + i], w1c = w1cmask_[off + i];
            config_[off + i] = static_cast<std::uint8_t>((config_[off + i] & ~wm) | (val & wm));
            config_[off + i] &= static_cast<std::uint8_t>(~(val & w1c));
        }
        // mch_write_config
        if (overlap(off, size, 0x9d, 2)) update_smram();
        if (overlap(off, size, 0x50, 2)) update_ext_tseg();
        if (overlap(off, size, 0x9c, 1)) update_smbase();
    }

    bool smram_locked() const { return config_[0x9d] & 0x10; }
    std::uint64_t pciexbar() const {
        std::uint64_t v;
        std::memcpy(&v, config_ + 0x60, 8);
        return v;
    }
    void set_pam1_hi(unsigned attr) { config_[0x91] = static_cast<std::uint8_t>((config_[0x91] & ~0x30) | (attr & 3) << 4); }
    unsigned tolud_mb() const { return (get_word(config_ + 0xb0) >> 4) & 0xfff; }
    void set_tolud_mb(unsigned mb) {
        set_word(config_ + 0xb0, static_cast<std::uint16_t>((get_word(config_ + 0xb0) & 0x000f) | (mb & 0xfff) << 4));
    }
    const std::uint8_t* bytes() const { return config_; }

private:
    static bool overlap(unsigned a, unsigned alen, unsigned b, unsigned blen) { return a < b + blen && b < a + alen; }
    static void set_word(std::uint8_t* p, std::uint16_t v) { std::memcpy(p, &v, 2); }
    static void set_long(std::uint8_t* p, std::uint32_t v) { std::memcpy(p, &v, 4); }
    static std::uint16_t get_word(const std::uint8_t* p) {
        std::uint16_t v;
        std::memcpy(&v, p, 2);
        return v;
    }
    void update_smram() {  // mch_update_smram: the lock narrows the write masks
        if (config_[0x9d] & 0x10) {
            config_[0x9d] &= static_cast<std::uint8_t>(~0x40);
            wmask_[0x9d] = 0x20;
            wmask_[0x9e] = 0;
        }
    }
    void update_ext_tseg() {
        if (get_word(config_ + 0x50) == 0xffff) set_word(config_ + 0x50, ext_tseg_mbytes);
    }
    void update_smbase() {  // mch_update_smbase_smram
        std::uint8_t& reg = config_[0x9c];
        if (reg == 0xff) {
            wmask_[0x9c] = 0x02;
            reg = 0x01;
            return;
        }
        if (wmask_[0x9c] == 0xff) reg = 0x00;
        if (reg & 0x02) {
            wmask_[0x9c] &= static_cast<std::uint8_t>(~0x02);
            reg = 0x02;
        }
    }
    std::uint8_t config_[256];
    std::uint8_t wmask_[256];
    std::uint8_t w1cmask_[256];
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
        unsigned slot;  // index of the register's storage in the device's state
    };

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
        regs_.push_back(reg{off, size, &plain_read, w, ro, rw1c, rsvdp, rsvdz, static_cast<unsigned>(values_.size())});
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
