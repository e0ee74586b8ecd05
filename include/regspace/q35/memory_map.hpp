// SPDX-License-Identifier: MIT
// regspace/q35/memory_map.hpp - what the MCH's registers make of the memory map, as a platform
// follows it: the ECAM window (PCIEXBAR), the PAM segments of the legacy BIOS area, SMRAM and TSEG
// (SMRAMC, ESMRAMC) and QEMU's SMRAM at SMBASE (F_SMBASE). Each update compares the registers with
// the state it last saw and reports what changed, in words (event::kind and text: q35/events.hpp).
// The decoders it applies are mch.hpp's (decode_pciexbar, pam_decode, decode_smram).
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include <regspace/detail/text.hpp>
#include <regspace/q35/events.hpp>
#include <regspace/q35/mch.hpp>

namespace regspace::q35 {

template <profile P = qemu_7_2>
class memory_map {
public:
    [[nodiscard]] ecam_window ecam() const noexcept { return ecam_; }
    [[nodiscard]] smram_state smram() const noexcept { return smram_; }

    // Each update reads the MCH (a device of mch<P>::space) and calls report(event::kind, text)
    // for what changed.
    template <class Mch, class Report>
    void pciexbar_written(const Mch& dev, Report&& report) {
        const ecam_window w = decode_pciexbar<P>(dev.template get<typename mch<P>::pciexbar>());
        if (!w.valid) {
            report(event::kind::ecam, "PCIEXBAR length 11b is reserved: ECAM window unchanged");
            return;
        }
        set_ecam(w, report);
    }
    // The window itself (a restored snapshot carries it: a reserved length keeps the last one).
    template <class Report>
    void set_ecam(ecam_window w, Report&& report) {
        if (!w.enabled) w = ecam_window{true, false, 0, 0};
        if (w == ecam_) return;
        ecam_ = w;
        if (!w.enabled) report(event::kind::ecam, "ECAM window off");
        else
            report(event::kind::ecam, "ECAM window " + regspace::detail::hex(w.base, 1) + "-" +
                                          regspace::detail::hex(w.base + w.size - 1, 1) + " (" +
                                          std::to_string(w.buses()) + " buses)");
    }
    template <class Mch, class Report>
    void pam_written(const Mch& dev, Report&& report) {
        for (unsigned n = 0; n < 7; ++n) {
            const std::uint8_t now = pam_register(dev, n);
            for (bool hi : {false, true}) {
                const pam_range r = pam_segment(n, hi);
                if (r.size == 0 || pam_decode(pam_[n], hi) == pam_decode(now, hi)) continue;
                report(event::kind::pam, "PAM" + std::to_string(n) + " " + regspace::detail::hex(r.base, 1) + "-" +
                                             regspace::detail::hex(r.base + r.size - 1, 1) + ": " +
                                             pam_text(pam_decode(now, hi)));
            }
            pam_[n] = now;
        }
    }
    template <class Mch, class Report>
    void smbase_written(const Mch& dev, Report&& report) {
        const std::uint8_t now = byte_at<typename mch<P>::smbase>(dev);
        if (now == smbase_) return;
        smbase_ = now;
        report(event::kind::smbase, now == 0x02   ? "SMRAM at SMBASE locked"
                                    : now == 0x01 ? "SMRAM at SMBASE negotiated"
                                                  : "SMRAM at SMBASE off");
    }
    template <class Mch, class Report>
    void smram_written(const Mch& dev, Report&& report) {
        const smram_state s = smram_of(dev);
        if (s == smram_) return;
        smram_ = s;
        std::string t = "SMRAM ";
        t += s.enabled ? (s.open ? "enabled, open" : s.closed ? "enabled, closed to data" : "enabled") : "disabled";
        if (s.tseg) t += "; TSEG " + std::to_string(s.tseg_mb) + " MB";
        if (s.high) t += "; high SMRAM";
        if (s.locked) t += "; locked until reset";
        report(event::kind::smram, std::move(t));
    }
    // After an MCH reset: the ECAM window as PCIEXBAR now decodes (reported if it moved), the rest
    // taken as it is, silently (a reset is reported as such).
    template <class Mch, class Report>
    void mch_reset(const Mch& dev, Report&& report) {
        set_ecam(decode_pciexbar<P>(dev.template get<typename mch<P>::pciexbar>()), report);
        smram_ = smram_of(dev);
        for (unsigned n = 0; n < 7; ++n) pam_[n] = pam_register(dev, n);
        smbase_ = byte_at<typename mch<P>::smbase>(dev);
    }

    // QEMU maps write-only (10b) segments as RAM for reads too (its init_pam: "XXX: should
    // distinguish read/write cases"); the datasheet routes their reads to DMI.
    static std::string pam_text(pam_attr a) {
        if (!P::is_datasheet && a == pam_attr::write_only) return "write-only DRAM (QEMU: read/write)";
        return name(a);
    }

private:
    // A one-byte register as the guest reads it (F_SMBASE is read where the datasheet profile has
    // no such register, as QEMU's code reads 9Ch: its unmapped byte reads 0 there).
    template <class R, class Mch>
    static std::uint8_t byte_at(const Mch& dev) {
        return static_cast<std::uint8_t>(dev.peek(R::offset, 1));
    }
    // PAM0-PAM6 are the bytes at 90h-96h (Intel 3 Series datasheet §5.1.18-24).
    template <class Mch>
    static std::uint8_t pam_register(const Mch& dev, unsigned n) {
        return static_cast<std::uint8_t>(dev.peek(0x90 + n, 1));
    }
    template <class Mch>
    static smram_state smram_of(const Mch& dev) {
        // TSEG_SZ 11b: QEMU's extended size is its property (16 MB), not register 50h, which
        // only answers the query; the datasheet calls 11b reserved (size 0 here).
        return decode_smram(byte_at<typename mch<P>::smram>(dev), byte_at<typename mch<P>::esmramc>(dev),
                            P::is_datasheet ? 0 : detail::ext_tseg_mbytes);
    }

    ecam_window ecam_{true, false, 0, 0};
    smram_state smram_{};
    std::array<std::uint8_t, 7> pam_{};
    std::uint8_t smbase_ = 0;
};

}  // namespace regspace::q35
