// SPDX-License-Identifier: MIT
// regspace/pci/bar.hpp - Base Address Registers as compile-time descriptors.
//
// PCI Local Bus Spec 3.0 §6.2.5.1: the low bits of a BAR are hardwired (space indicator, type,
// prefetchable), the address bits below the region size read 0, so that writing all-ones and
// reading back yields the size mask (the sizing protocol). §6.2.5.2 for the expansion ROM.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <type_traits>

#include <regspace/detail/diagnostic.hpp>
#include <regspace/access.hpp>
#include <regspace/detail/type_list.hpp>
#include <regspace/field.hpp>
#include <regspace/fixed_string.hpp>
#include <regspace/register.hpp>

namespace regspace::pci {

namespace detail {
inline constexpr fixed_string<5> bar_names[7] = {"BAR0", "BAR1", "BAR2", "BAR3", "BAR4", "BAR5", "BARX"};
// SR-IOV's VF BARs (PCIe r6.0 §9.3.3.14) have the BAR layout at 0x24 of the SR-IOV capability.
inline constexpr fixed_string<8> vf_bar_names[7] = {"VF_BAR0", "VF_BAR1", "VF_BAR2", "VF_BAR3",
                                                    "VF_BAR4", "VF_BAR5", "VF_BARX"};
template <bool Vf, unsigned Slot>
inline constexpr auto bar_name = [] {
    if constexpr (Vf) return vf_bar_names[Slot];
    else return bar_names[Slot];
}();
constexpr unsigned log2(std::uint64_t v) { return static_cast<unsigned>(std::bit_width(v) - 1); }
// The base address bits of a 32-bit BAR of Size bytes: the bits below the size read 0, which is
// what makes the all-ones sizing read-back work.
template <std::uint64_t Size, fixed_string Desc = "base address; bits below the size read 0">
using bar_address = field<"ADDR", log2(Size), 32 - log2(Size), access::rw, 0, Desc>;

// Where a BAR slot is defined: the header's (§6.2.5.1) or SR-IOV's VF BARs (PCIe r6.0 §9.3.3.14).
template <bool Vf>
using bar_spec = std::conditional_t<Vf, spec<"PCIe r6.0 section 9.3.3.14">, spec<"PCI LB 3.0 section 6.2.5.1">>;
template <bool Vf>
using bar_doc = std::conditional_t<Vf, doc<"VF Base Address Register">, doc<"Base Address Register">>;
// The hardwired low bits of a BAR, with the encodings §6.2.5.1 names.
struct space_values : values<value<0, "memory space">, value<1, "I/O space">> {};
struct type_values : values<value<0, "32-bit", "anywhere in 32-bit space">,
                           value<1, "reserved", "below 1 MB in PCI LB 2.1">,
                           value<2, "64-bit", "anywhere in 64-bit space">, value<3, "reserved">> {};
struct prefetch_values : values<value<0, "non-prefetchable">, value<1, "prefetchable">> {};
template <unsigned Value>
using memory_type = field<"TYPE", 1, 2, access::ro, Value, "memory type (address width)", type_values>;
template <bool Prefetchable>
using prefetchable = bit<"PREF", 3, access::ro, Prefetchable, "prefetchable", prefetch_values>;
}  // namespace detail

enum class bar_kind : std::uint8_t { none, io, mem32, mem64 };

// Slot not implemented: reads 0, ignores writes (the sizing read-back of 0 says "no BAR").
struct no_bar {
    static constexpr bar_kind kind = bar_kind::none;
    static constexpr unsigned slots = 1;
    static constexpr std::uint64_t size = 0;
    template <unsigned Slot, unsigned Base = 0x10, bool Vf = false, class Extra = nothing>
    using registers = regspace::detail::type_list<reg<detail::bar_name<Vf, Slot>, Base + 4 * Slot, 4,
        std::conditional_t<Vf, doc<"VF Base Address Register (not implemented)">,
                           doc<"Base Address Register (not implemented)">>,
        detail::bar_spec<Vf>, Extra>>;
};

// The rules of these types (regspace/detail/diagnostic.hpp).
namespace detail {
REGSPACE_DETAIL_RULE(io_bar_size,
                     "pci::io_bar: size must be a power of two from 4 to 256 bytes",
                     std::uint64_t Size)
REGSPACE_DETAIL_RULE(mem32_bar_size,
                     "pci::mem32_bar: size must be a power of two of at least 16 bytes",
                     std::uint64_t Size)
REGSPACE_DETAIL_RULE(mem64_bar_size,
                     "pci::mem64_bar: size must be a power of two of at least 16 bytes",
                     std::uint64_t Size)
REGSPACE_DETAIL_RULE(mem64_bar_not_in_slot_5,
                     "pci::mem64_bar: a 64-bit BAR cannot start in slot 5",
                     unsigned Slot)
REGSPACE_DETAIL_RULE(rom_bar_size,
                     "pci::rom_bar: size must be a power of two of at least 2 KiB",
                     std::uint64_t Size)
REGSPACE_DETAIL_RULE(six_bar_slots, "pci::bars: more than six BAR slots used", class Bars)
}  // namespace detail

// I/O space BAR of Size bytes (a power of two, 4 to 256 per §6.2.5.1).
template <std::uint32_t Size>
struct io_bar {
    static_assert(regspace::detail::reported(detail::io_bar_size<Size, (std::has_single_bit(Size) && Size >= 4 && Size <= 256)>()));
    static constexpr bar_kind kind = bar_kind::io;
    static constexpr unsigned slots = 1;
    static constexpr std::uint64_t size = Size;
    static constexpr bool prefetchable = false;
    template <unsigned Slot, unsigned Base = 0x10, bool Vf = false, class Extra = nothing>
    using registers = regspace::detail::type_list<reg<detail::bar_name<Vf, Slot>, Base + 4 * Slot, 4,
        detail::bar_doc<Vf>, detail::bar_spec<Vf>, Extra,
        bit<"IO", 0, access::ro, 1, "space indicator", detail::space_values>, detail::bar_address<Size>>>;
};

// 32-bit memory BAR of Size bytes (a power of two, at least 16).
template <std::uint32_t Size, bool Prefetchable = false>
struct mem32_bar {
    static_assert(regspace::detail::reported(detail::mem32_bar_size<Size, (std::has_single_bit(Size) && Size >= 16)>()));
    static constexpr bar_kind kind = bar_kind::mem32;
    static constexpr unsigned slots = 1;
    static constexpr std::uint64_t size = Size;
    static constexpr bool prefetchable = Prefetchable;
    template <unsigned Slot, unsigned Base = 0x10, bool Vf = false, class Extra = nothing>
    using registers = regspace::detail::type_list<reg<detail::bar_name<Vf, Slot>, Base + 4 * Slot, 4,
        detail::bar_doc<Vf>, detail::bar_spec<Vf>, Extra,
        bit<"IO", 0, access::ro, 0, "space indicator", detail::space_values>,
        detail::memory_type<0>, detail::prefetchable<Prefetchable>, detail::bar_address<Size>>>;
};

// 64-bit memory BAR: takes two slots, the upper dword holding address bits 32-63.
template <std::uint64_t Size, bool Prefetchable = false>
struct mem64_bar {
    static_assert(regspace::detail::reported(detail::mem64_bar_size<Size, (std::has_single_bit(Size) && Size >= 16)>()));
    static constexpr bar_kind kind = bar_kind::mem64;
    static constexpr unsigned slots = 2;
    static constexpr std::uint64_t size = Size;
    static constexpr bool prefetchable = Prefetchable;
    static constexpr unsigned order = detail::log2(Size);
    template <unsigned Slot, unsigned Base, bool Vf, class Extra>
    struct regs_for {
        static_assert(regspace::detail::reported(detail::mem64_bar_not_in_slot_5<Slot, (Slot < 5)>()));
        using lo = reg<detail::bar_name<Vf, Slot>, Base + 4 * Slot, 4,
            detail::bar_doc<Vf>, detail::bar_spec<Vf>, Extra,
            bit<"IO", 0, access::ro, 0, "space indicator", detail::space_values>,
            detail::memory_type<2>, detail::prefetchable<Prefetchable>,
            std::conditional_t<(order < 32),
                               field<"ADDR", (order < 32 ? order : 31), (order < 32 ? 32 - order : 1), access::rw, 0,
                                     "base address [31:n]; bits below the size read 0">,
                               field<"ADDR", 31, 1, access::ro, 0, "base address bit 31 (reads 0: 4 GiB or larger)">>>;
        using hi = reg<detail::bar_name<Vf, Slot + 1>, Base + 4 * (Slot + 1), 4,
            std::conditional_t<Vf, doc<"VF Base Address Register (upper dword)">,
                               doc<"Base Address Register (upper dword)">>,
            detail::bar_spec<Vf>,
            field<"ADDR_HI", (order > 32 ? order - 32 : 0), (order > 32 ? 64 - order : 32), access::rw,
                  0, "upper address bits [63:32]; bits below the size read 0">>;
        using type = regspace::detail::type_list<lo, hi>;
    };
    template <unsigned Slot, unsigned Base = 0x10, bool Vf = false, class Extra = nothing>
    using registers = typename regs_for<Slot, Base, Vf, Extra>::type;
};

// Expansion ROM BAR (0x30 in a type 0 header, 0x38 in a type 1): Size a power of two >= 2 KiB.
template <std::uint32_t Size>
struct rom_bar {
    static_assert(regspace::detail::reported(detail::rom_bar_size<Size, (std::has_single_bit(Size) && Size >= 2048)>()));
    static constexpr std::uint64_t size = Size;
    template <unsigned Offset>
    using registers = regspace::detail::type_list<
        reg<"ROM", Offset, 4, doc<"Expansion ROM Base Address">, spec<"PCI LB 3.0 section 6.2.5.2">,
            bit<"EN", 0, access::rw, 0, "ROM address decode enable">, detail::bar_address<Size>>>;
};
struct no_rom {
    static constexpr std::uint64_t size = 0;
    template <unsigned Offset>
    using registers = regspace::detail::type_list<
        reg<"ROM", Offset, 4, doc<"Expansion ROM Base Address (not implemented)">, spec<"PCI LB 3.0 section 6.2.5.2">>>;
};

// The six BAR slots of a type 0 header, filled left to right (a 64-bit BAR takes two).
template <class... Bars>
struct bars {
    static constexpr unsigned slots_used = (0u + ... + Bars::slots);
    static_assert(regspace::detail::reported(detail::six_bar_slots<bars, (slots_used <= 6)>()));
    template <unsigned Base, bool Vf, class Extra, unsigned Slot, class... B>
    struct gen {
        using type = regspace::detail::type_list<>;
    };
    template <unsigned Base, bool Vf, class Extra, unsigned Slot, class B, class... Rest>
    struct gen<Base, Vf, Extra, Slot, B, Rest...> {
        using type = typename regspace::detail::concat<typename B::template registers<Slot, Base, Vf, Extra>,
                                             typename gen<Base, Vf, Extra, Slot + B::slots, Rest...>::type>::type;
    };
    template <unsigned Base, bool Vf, unsigned Slot>
    struct pad {
        using type = typename regspace::detail::concat<typename no_bar::template registers<Slot, Base, Vf>,
                                             typename pad<Base, Vf, Slot + 1>::type>::type;
    };
    template <unsigned Base, bool Vf, unsigned Slot>
        requires(Slot >= 6)
    struct pad<Base, Vf, Slot> {
        using type = regspace::detail::type_list<>;
    };
    // The six slots at Base (0x10 in a header; 0x24 in SR-IOV for VF BARs, named VF_BARn), each
    // BAR register given the item Extra too (SR-IOV adds its page-alignment action).
    template <unsigned Base, bool Vf = false, class Extra = nothing>
    using registers_at = typename regspace::detail::concat<typename gen<Base, Vf, Extra, 0, Bars...>::type,
                                                 typename pad<Base, Vf, slots_used>::type>::type;
    using registers = registers_at<0x10>;
    // The register of BAR slot `Slot` (at 10h + 4 * Slot): the whole BAR, or the lower half of a
    // 64-bit BAR starting there (its upper half is slot_register<Slot + 1>).
    template <unsigned Slot>
    using slot_register = regspace::detail::nth_t<Slot, registers>;
    // Size of the BAR starting in each slot (0 for none and for the upper half of a 64-bit BAR).
    static constexpr std::array<std::uint64_t, 6> sizes = [] {
        std::array<std::uint64_t, 6> out{};
        unsigned slot = 0;
        ((out[slot] = Bars::size, slot += Bars::slots), ...);
        return out;
    }();
};

}  // namespace regspace::pci
