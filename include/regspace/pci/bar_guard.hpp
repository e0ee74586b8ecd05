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
//   struct platform { void decode_changed(bool io, bool mem); void bar_moved(unsigned slot,
//                     std::uint32_t old, std::uint32_t now); void bar_move_refused(unsigned slot); };
//   device<cfg::type, pci::bar_guard<platform>> d(pci::bar_guard<platform>{&plat});
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
    void on_write(command_reg, D&, const write_event& e) {
        io = field_get<command_reg, "IOSE">(e.now);
        mem = field_get<command_reg, "MSE">(e.now);
        constexpr std::uint64_t decode = field_mask<command_reg, "IOSE"> | field_mask<command_reg, "MSE">;
        if ((e.old ^ e.now) & decode) platform->decode_changed(io, mem);
    }
    template <bar_register R, class D>
    bool filter_write(R, D&, write_proposal& p) {
        const bool decoding = bar_is_io<R>() ? io : mem;
        constexpr std::uint64_t addr = bar_address_bits<R>();
        if (RefuseMove && decoding && (p.value & addr) != (p.old & addr)) {
            platform->bar_move_refused((R::offset - 0x10) / 4);
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
    template <rom_register R, class D>
    void on_write(R, D&, const write_event& e) {
        if (mem && ((e.old | e.now) & 1) && e.old != e.now)
            platform->bar_moved(rom_slot, static_cast<std::uint32_t>(e.old), static_cast<std::uint32_t>(e.now));
    }
    template <bar_register R, class D>
    void on_write(R, D&, const write_event& e) {
        const bool decoding = bar_is_io<R>() ? io : mem;
        if (decoding && e.old != e.now)
            platform->bar_moved((R::offset - 0x10) / 4, static_cast<std::uint32_t>(e.old),
                                static_cast<std::uint32_t>(e.now));
    }
    template <class D>
    void on_reset(D&, reset_kind) {
        if (io || mem) platform->decode_changed(false, false);
        io = mem = false;
    }
};

}  // namespace regspace::pci
