// SPDX-License-Identifier: MIT
// The Q35 MCH's config space the way QEMU writes it (regspace-bench's `qemu_style` baseline).
//
// QEMU's pci_default_write_config(): config/wmask/w1cmask byte arrays and a loop over
// the written bytes, then the device's own config_write (mch_write_config): range checks and update
// functions that may change the masks (the SMRAM lock).
#pragma once

#include <cstdint>
#include <cstring>

#include "mch_common.hpp"

namespace bench::mch {

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

}  // namespace bench::mch
