// SPDX-License-Identifier: MIT
// regspace/pci/bar_guard.hpp - BAR policies a hypervisor applies: tell the platform when decoding
// toggles or a decoded BAR (or the expansion ROM, as slot 6) moves, and optionally refuse to move
// a BAR while its decoding is on.
//
// Xen's vPCI ignores writes to a BAR of a device with memory decoding enabled (bar_write() in
// xen/drivers/vpci/header.c) because the guest mapping would silently go stale; QEMU instead
// remaps on every change. Both are expressible: RefuseMove selects Xen's behaviour.
//
// Use it as the device's hooks, or as one part of a regspace::hook_set<>:
//   struct platform {
//       void decode_changed(bool io, bool mem, const pci::bar_states& now);
//       void bar_moved(unsigned slot, const pci::bar_state& before, const pci::bar_state& after);
//       void bar_move_refused(unsigned slot);
//   };
//   device<cfg::type, pci::bar_guard<platform>> d(pci::bar_guard<platform>{&plat});
// The platform is told what the BARs decode (pci::decode_bars: kind, base, size, decoding), not
// raw register values: slot is the BAR's (a write to the upper dword of a 64-bit BAR moves the BAR
// of the slot below it, with its whole 64-bit base), the ROM is slot 6.
// BAR sizing (all-ones, read back) with decoding off never reaches the platform: the register is
// emulated, so sizing touches nothing behind it (a "virtual BAR").
#pragma once

#include <cstdint>
#include <string_view>
#include <type_traits>

#include <regspace/access.hpp>
#include <regspace/detail/layout.hpp>
#include <regspace/field_value.hpp>
#include <regspace/hooks.hpp>
#include <regspace/pci/bar_decode.hpp>
#include <regspace/pci/header_common.hpp>

namespace regspace::pci {

// A BAR register of a type 0 header (BAR0-BAR5, 0x10-0x24; the high half of a 64-bit BAR too).
template <class R>
concept bar_register = R::offset >= 0x10 && R::offset <= 0x24 && R::bytes == 4 &&
                       R::name.view().substr(0, 3) == std::string_view("BAR");

// The expansion ROM BAR (type 0: 30h, type 1: 38h). It decodes while Memory Space and its own
// Enable bit are both on (PCI LB 3.0 §6.2.5.2). The platform hears of it as BAR slot 6, the
// number Linux gives the ROM (PCI_ROM_RESOURCE).
template <class R>
concept rom_register = (R::offset == 0x30 || R::offset == 0x38) && R::bytes == 4 &&
                       R::name.view() == std::string_view("ROM");
inline constexpr unsigned rom_slot = 6;

// The bits of a BAR a guest write can change: an unimplemented slot has none, so writing it is
// never a move.
template <class R>
constexpr std::uint64_t bar_address_bits() {
    return regspace::detail::policy_masks<typename R::fields>::writing(access::write_effect::stored) & R::width_mask;
}

template <class R>
constexpr bool bar_is_io() {
    bool io = false;
    [&]<class... F>(regspace::detail::type_list<F...>) {
        ((io |= (F::name.view() == "IO" && F::reset == 1)), ...);
    }(typename R::fields{});
    return io;
}

// The upper dword of a 64-bit BAR (its field ADDR_HI, pci/bar.hpp), and the slot a BAR register
// belongs to.
template <class R>
constexpr bool bar_upper_half() {
    bool hi = false;
    [&]<class... F>(regspace::detail::type_list<F...>) {
        ((hi |= F::name.view() == "ADDR_HI"), ...);
    }(typename R::fields{});
    return hi;
}
template <class R>
constexpr unsigned bar_slot_of() {
    return (R::offset - 0x10) / 4 - (bar_upper_half<R>() ? 1 : 0);
}

template <class R> struct is_bar_register : std::bool_constant<bar_register<R>> {};
template <class R> struct is_rom_register : std::bool_constant<rom_register<R>> {};

// A part of the device's hooks: alone (device<cfg, bar_guard<P>>) or beside the model's own in a
// regspace::hook_set<bar_guard<P>, model>. A model derived from it would hide its hooks with its
// own: that does not compile (regspace_part, detail/hook_calls.hpp).
template <class Platform, bool RefuseMove = true>
struct bar_guard {
    using regspace_part = bar_guard;
    Platform* platform = nullptr;
    bool io = false;
    bool mem = false;

    using hooked = regspace::hooked<command_reg, hooked_if<is_bar_register>, hooked_if<is_rom_register>>;

    template <class D>
    void on_write(command_reg, D& d, const write_event& e) {
        io = field_get<command_reg, "IOSE">(e.now);
        mem = field_get<command_reg, "MSE">(e.now);
        constexpr std::uint64_t decode = field_mask<command_reg, "IOSE"> | field_mask<command_reg, "MSE">;
        if ((e.old ^ e.now) & decode) platform->decode_changed(io, mem, decode_bars(d));
    }
    template <bar_register R, class D>
    bool filter_write(R, D&, write_proposal& p) {
        const bool decoding = bar_is_io<R>() ? io : mem;
        constexpr std::uint64_t addr = bar_address_bits<R>();
        if (RefuseMove && decoding && (p.value & addr) != (p.old & addr)) {
            platform->bar_move_refused(bar_slot_of<R>());
            return false;
        }
        return true;
    }
    // The ROM may be enabled and disabled while memory decoding is on; its address may not move
    // while it decodes.
    template <rom_register R, class D>
    bool filter_write(R, D&, write_proposal& p) {
        constexpr std::uint64_t addr = bar_address_bits<R>() & ~std::uint64_t{1};
        if (RefuseMove && mem && (p.old & 1) && (p.value & addr) != (p.old & addr)) {
            platform->bar_move_refused(rom_slot);
            return false;
        }
        return true;
    }
    // What the ROM decoded before the write: the state now with the old register value.
    template <rom_register R, class D>
    void on_write(R, D& d, const write_event& e) {
        if (!mem || !((e.old | e.now) & 1) || e.old == e.now) return;
        const bar_state after = decode_bars(d)[rom_slot];
        bar_state before = after;
        before.base = e.old & ~std::uint64_t{0x7ff};
        before.decoding = (e.old & 1) != 0;
        platform->bar_moved(rom_slot, before, after);
    }
    // What the BAR decoded before the write: the state now with the written dword as it was (the
    // other half of a 64-bit BAR did not change).
    template <bar_register R, class D>
    void on_write(R, D& d, const write_event& e) {
        const bool decoding = bar_is_io<R>() ? io : mem;
        if (!decoding || e.old == e.now) return;
        constexpr unsigned slot = bar_slot_of<R>();
        const bar_state after = decode_bars(d)[slot];
        bar_state before = after;
        if constexpr (bar_upper_half<R>()) before.base = (after.base & 0xffffffffu) | (e.old << 32);
        else if constexpr (bar_is_io<R>()) before.base = e.old & ~std::uint64_t{3};
        else before.base = (after.base & ~std::uint64_t{0xffffffff}) | (e.old & ~std::uint64_t{0xf});
        platform->bar_moved(slot, before, after);
    }
    template <class D>
    void on_reset(D& d, reset_kind) {
        if (io || mem) platform->decode_changed(false, false, decode_bars(d));
        io = mem = false;
    }
};

}  // namespace regspace::pci
