// SPDX-License-Identifier: MIT
// regspace/pci/bar_decode.hpp - what a function's BARs decode right now: kind, base, size and
// whether decoding is on, for every slot of a type 0 or type 1 header and the expansion ROM.
//
// A VMM maps BAR windows from this (after a BAR or COMMAND write: pci::bar_guard tells it when).
// Sizes come from the description (the lowest writable address bit, which is what the guest's
// all-ones sizing reads back, PCI LB 3.0 §6.2.5.1), values from the current state; an
// unimplemented slot, and the upper dword of a 64-bit BAR, decode nothing. decode_windows: the
// I/O, memory and prefetchable windows a type 1 bridge forwards.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include <regspace/detail/locate.hpp>
#include <regspace/introspect.hpp>
#include <regspace/pci/bar.hpp>
#include <regspace/pci/header_common.hpp>

namespace regspace::pci {

struct bar_state {
    bar_kind kind = bar_kind::none;  // the ROM is reported as mem32
    std::uint64_t base = 0, size = 0;
    bool prefetchable = false;
    bool decoding = false;  // Command's I/O or Memory Space Enable (and the ROM's own Enable)
    friend constexpr bool operator==(const bar_state&, const bar_state&) = default;
};

// Slots 0-5 (a type 1 header has two), then the ROM as slot 6 (pci::rom_slot).
using bar_states = std::array<bar_state, 7>;

namespace detail {
constexpr const field_info* field_called(const register_info& r, std::string_view name) {
    for (const field_info& f : r.fields)
        if (f.name == name) return &f;
    return nullptr;
}
constexpr const register_info* register_named(const space_info& s, std::string_view name, unsigned offset) {
    for (const register_info& r : s.registers)
        if (r.name == name && r.offset == offset && r.count == 1) return &r;
    return nullptr;
}
}  // namespace detail

template <class Cfg>
[[nodiscard]] constexpr bar_states decode_bars(const Cfg& cfg) {
    constexpr space_info s = describe<typename Cfg::space_type>();
    bar_states out{};
    const std::uint64_t command = cfg.peek(0x04, 2);
    const bool io_on = command & 1, mem_on = command & 2;
    const bool bridge = (cfg.peek(0x0e, 1) & 0x7f) == 1;
    const unsigned slots = bridge ? 2 : 6;
    for (unsigned i = 0; i < slots; ++i) {
        const register_info* r = detail::register_named(s, detail::bar_names[i].view(), 0x10 + 4 * i);
        const field_info* addr = r ? detail::field_called(*r, "ADDR") : nullptr;
        const field_info* io = r ? detail::field_called(*r, "IO") : nullptr;
        if (!addr || !io) continue;  // not implemented, or the upper dword of a 64-bit BAR
        const std::uint64_t v = cfg.peek(0x10 + 4 * i, 4);
        bar_state& b = out[i];
        if (io->reset == 1) {
            b.kind = bar_kind::io;
            b.size = std::uint64_t{1} << addr->lsb;
            b.base = v & ~std::uint64_t{3};
            b.decoding = io_on;
            continue;
        }
        const field_info* type = detail::field_called(*r, "TYPE");
        const field_info* pref = detail::field_called(*r, "PREF");
        b.prefetchable = pref && pref->reset;
        b.decoding = mem_on;
        b.base = v & ~std::uint64_t{0xf};
        b.size = std::uint64_t{1} << addr->lsb;
        if (type && type->reset == 2 && i + 1 < slots) {
            b.kind = bar_kind::mem64;
            b.base |= cfg.peek(0x10 + 4 * (i + 1), 4) << 32;
            const register_info* hi = detail::register_named(s, detail::bar_names[i + 1].view(), 0x14 + 4 * i);
            const field_info* ahi = hi ? detail::field_called(*hi, "ADDR_HI") : nullptr;
            // 4 GiB or more: the low dword's address bit is read-only and the size is in the high dword.
            if (addr->policy == access::kind::ro && ahi) b.size = std::uint64_t{1} << (32 + ahi->lsb);
            ++i;  // the upper dword decodes nothing of its own
        } else {
            b.kind = bar_kind::mem32;
        }
    }
    // A Resizable BAR's size is its control register's (regspace/pci/resizable_bar.hpp).
    using rebar_ctl = regspace::detail::register_named<typename Cfg::space_type, "Resizable BAR", "REBAR_CTL">;
    if constexpr (!std::is_void_v<rebar_ctl>) {
        const std::uint64_t ctl = cfg.template get<rebar_ctl>();
        if ((ctl & 7) < slots && out[ctl & 7].kind != bar_kind::none)
            out[ctl & 7].size = (std::uint64_t{1} << 20) << ((ctl >> 8) & 0x3f);
    }
    const unsigned rom_at = bridge ? 0x38 : 0x30;
    if (const register_info* rom = detail::register_named(s, "ROM", rom_at)) {
        if (const field_info* addr = detail::field_called(*rom, "ADDR")) {
            const std::uint64_t v = cfg.peek(rom_at, 4);
            bar_state& b = out[6];
            b.kind = bar_kind::mem32;
            b.size = std::uint64_t{1} << addr->lsb;
            b.base = v & ~std::uint64_t{0x7ff};
            b.decoding = mem_on && (v & 1);
        }
    }
    return out;
}

// A type 1 bridge's windows as the platform routes them (PCI-to-PCI Bridge 1.2 §3.2.5.6-9; PCIe
// r6.0 §7.5.1.3.6-11): [base, limit] inclusive, `open` when base <= limit, and `forwarding` when
// also the bridge's Command enable for that space is set. VGA: Bridge Control's VGA Enable
// (the legacy VGA ranges go down too).
struct bridge_window {
    std::uint64_t base = 0, limit = 0;
    bool open = false, forwarding = false;
    friend constexpr bool operator==(const bridge_window&, const bridge_window&) = default;
};
struct bridge_windows {
    bridge_window io, memory, prefetchable;
    bool vga = false;
};

template <class Cfg>
[[nodiscard]] constexpr bridge_windows decode_windows(const Cfg& cfg) {
    bridge_windows w{};
    const std::uint64_t command = cfg.peek(0x04, 2);
    const auto window = [](std::uint64_t base, std::uint64_t limit, bool enable) {
        bridge_window b{base, limit, base <= limit, false};
        b.forwarding = b.open && enable;
        return b;
    };
    // I/O: bits 15:12 in IOBASE/IOLIMIT, 31:16 in the upper registers when the low nibble says
    // 32-bit; 4 KiB granules.
    const std::uint64_t iob = cfg.peek(0x1c, 1), iol = cfg.peek(0x1d, 1);
    const bool io32 = (iob & 0xf) == 1;
    w.io = window(((iob & 0xf0) << 8) | (io32 ? cfg.peek(0x30, 2) << 16 : 0),
                  ((iol & 0xf0) << 8) | 0xfff | (io32 ? cfg.peek(0x32, 2) << 16 : 0), (command & 1) != 0);
    // Memory: bits 31:20, 1 MiB granules.
    w.memory = window((cfg.peek(0x20, 2) & 0xfff0) << 16, ((cfg.peek(0x22, 2) & 0xfff0) << 16) | 0xfffff,
                      (command & 2) != 0);
    // Prefetchable memory: bits 31:20 and, 64-bit, the upper dwords.
    const std::uint64_t pb = cfg.peek(0x24, 2), pl = cfg.peek(0x26, 2);
    const bool p64 = (pb & 0xf) == 1;
    w.prefetchable = window(((pb & 0xfff0) << 16) | (p64 ? cfg.peek(0x28, 4) << 32 : 0),
                            ((pl & 0xfff0) << 16) | 0xfffff | (p64 ? cfg.peek(0x2c, 4) << 32 : 0), (command & 2) != 0);
    w.vga = (cfg.peek(0x3e, 2) & 0x8) != 0;
    return w;
}

}  // namespace regspace::pci
