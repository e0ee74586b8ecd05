// SPDX-License-Identifier: MIT
// The Q35 MCH's config space written by hand (regspace-bench's `handwritten` baseline).
//
// What a careful expert writes by hand: one uint32_t per dword and a switch over dword
// offsets with constant masks; the floor to match.
#pragma once

#include <array>
#include <cstdint>

#include "mch_common.hpp"

namespace bench::mch {

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

}  // namespace bench::mch
