// SPDX-License-Identifier: MIT
// regspace/pci/resizable_bar.hpp - the Resizable BAR extended capability (PCIe r6.0 §7.8.6): a
// memory BAR whose size software chooses among the sizes the function supports, so that a GPU's
// whole memory can be mapped at once.
//
// The BAR follows the control register: it is described at its smallest supported size (the
// most writable address bits), and after every write to the BAR or to BAR Size the address bits
// below the current size are cleared, so the sizing read-back and decode_bars() give the current
// size. The header lists the BAR as `resizable_bar<...>::bar_slot`.
//
// `current_size_only`: the capability a passthrough view shows for a device whose BAR the VMM
// does not let the guest resize (QEMU's vfio_setup_rebar_ecap): only the current size is
// advertised and BAR Size is read-only.
#pragma once

#include <bit>
#include <cstdint>
#include <type_traits>

#include <regspace/access.hpp>
#include <regspace/block.hpp>
#include <regspace/detail/diagnostic.hpp>
#include <regspace/field.hpp>
#include <regspace/hooks.hpp>
#include <regspace/pci/bar.hpp>
#include <regspace/pci/capability.hpp>
#include <regspace/register.hpp>

namespace regspace::pci {

struct rebar_params {
    unsigned slot = 0;              // BAR Index: the header slot of the BAR
    std::uint64_t sizes = 0x100;    // bit k: 1 MiB << k supported (k = 0..43); default 256 MiB only
    unsigned initial = 8;           // BAR Size after reset: 1 MiB << initial (a supported size)
    bool bits64 = true;             // a 64-bit BAR (two slots) or a 32-bit one
    bool prefetchable = true;
    bool current_size_only = false;
};

namespace detail {
REGSPACE_DETAIL_RULE(rebar_sizes,
                     "pci::resizable_bar: sizes is a non-empty set of 1 MiB << k (k 0-43, below 4 GiB for a 32-bit BAR) "
                     "holding the initial size",
                     std::uint64_t Sizes, unsigned Initial)
REGSPACE_DETAIL_RULE(rebar_bar_in_its_slot,
                     "pci::resizable_bar: bar_slot must sit in the slot rebar_params::slot names",
                     unsigned Slot, unsigned Named)
// Resizable BAR Control's BAR Size, named once for the register and its rule.
template <class Policy, std::uint64_t Initial>
using rebar_size_field = field<"SIZE", 8, 6, Policy, Initial, "BAR size: 1 MiB << value",
                               values<value<0, "1 MiB">, value<8, "256 MiB">, value<10, "1 GiB">, value<14, "16 GiB">>>;
// §7.8.6.3: a BAR Size the function does not support leaves the size as it was (the spec leaves
// the result undefined; keeping the old size keeps the BAR decodable).
template <std::uint64_t Sizes>
constexpr std::uint64_t keep_supported_size(std::uint64_t old, std::uint64_t now) {
    using size = rebar_size_field<access::rw, 0>;
    const auto k = static_cast<unsigned>((now & size::mask) >> size::lsb);
    if (k < 44 && ((Sizes >> k) & 1)) return now;
    return (now & ~size::mask) | (old & size::mask);
}
}  // namespace detail

template <rebar_params P>
struct resizable_bar {
    static constexpr bool sizes_ok = P.sizes != 0 && (P.sizes >> 44) == 0 && ((P.sizes >> P.initial) & 1) &&
                                     (P.bits64 || (P.sizes >> 12) == 0);
    static_assert(regspace::detail::reported(detail::rebar_sizes<P.sizes, P.initial, sizes_ok>()));
    static constexpr std::uint16_t id = 0x0015;
    static constexpr bool extended = true;
    static constexpr unsigned bytes = 0x0c;
    static constexpr unsigned smallest = sizes_ok ? static_cast<unsigned>(std::countr_zero(P.sizes)) : 0;
    static constexpr std::uint64_t advertised = P.current_size_only ? (std::uint64_t{1} << P.initial) : P.sizes;
    static constexpr std::uint64_t mib = std::uint64_t{1} << 20;
    // The BAR as described: its smallest supported size.
    using bar = std::conditional_t<P.bits64, mem64_bar<(mib << smallest), P.prefetchable>,
                                   mem32_bar<static_cast<std::uint32_t>(mib << (smallest < 12 ? smallest : 0)), P.prefetchable>>;
    struct follow_size;
    // What the header's bars<> lists in slot P.slot.
    struct bar_slot {
        static constexpr bar_kind kind = bar::kind;
        static constexpr unsigned slots = bar::slots;
        static constexpr std::uint64_t size = bar::size;
        static constexpr bool prefetchable = P.prefetchable;
        template <unsigned Slot, unsigned Base, bool Vf>
        struct regs_for {
            static_assert(regspace::detail::reported(detail::rebar_bar_in_its_slot<Slot, P.slot, (Slot == P.slot)>()));
            using type = typename bar::template registers<Slot, Base, Vf, action<follow_size>>;
        };
        template <unsigned Slot, unsigned Base = 0x10, bool Vf = false, class Extra = nothing>
        using registers = typename regs_for<Slot, Base, Vf>::type;
    };
    using bar_registers = typename bar::template registers<P.slot, 0x10, false, action<follow_size>>;

    using cap = reg<"REBAR_CAP", 0x04, 4, doc<"Resizable BAR Capability">, spec<"PCIe r6.0 section 7.8.6.2">,
        field<"SIZES", 4, 28, access::ro, (advertised & 0x0fffffff), "supported sizes: bit 4+k is 1 MiB << k">>;
    using ctl = reg<"REBAR_CTL", 0x08, 4, doc<"Resizable BAR Control">, spec<"PCIe r6.0 section 7.8.6.3">,
        std::conditional_t<P.current_size_only, nothing, rule<&detail::keep_supported_size<P.sizes>>>,
        action<follow_size>,
        field<"INDEX", 0, 3, access::ro, P.slot, "BAR index (header slot)">,
        field<"COUNT", 5, 3, access::ro, 1, "number of resizable BARs">,
        detail::rebar_size_field<std::conditional_t<P.current_size_only, access::ro, access::rw>, P.initial>,
        field<"SIZES_HI", 16, 16, access::ro, ((advertised >> 28) & 0xffff), "supported sizes: bit 16+j is 256 TiB << j">>;
    template <std::uint16_t Next>
    using block = block_of<"Resizable BAR", ext_cap_header<id, 1, Next>, cap, ctl>;

    // The BAR's current size in bytes.
    template <class Device>
    static constexpr std::uint64_t current_size(const Device& dev) {
        return mib << dev.template get<ctl, "SIZE">();
    }
};

template <rebar_params P>
struct resizable_bar<P>::follow_size {
    template <class Device>
    static constexpr void on_write(Device& dev, const write_event&) {
        const std::uint64_t below = (current_size(dev) - 1) & ~std::uint64_t{0xf};
        using lo = regspace::detail::nth_t<0, bar_registers>;
        dev.template set<lo>(static_cast<std::uint32_t>(dev.template get<lo>() & ~below));
        if constexpr (P.bits64) {
            using hi = regspace::detail::nth_t<1, bar_registers>;
            dev.template set<hi>(static_cast<std::uint32_t>(dev.template get<hi>() & ~(below >> 32)));
        }
    }
};

}  // namespace regspace::pci
