// SPDX-License-Identifier: MIT
// regspace/pci/header_type1.hpp - the type 1 (PCI-to-PCI bridge) configuration header
// (PCI-to-PCI Bridge Architecture Spec 1.2 §3.2): the common registers (header_common.hpp), two
// BAR slots, bus numbers, the I/O, memory and prefetchable windows, and Bridge Control.
#pragma once

#include <cstdint>

#include <regspace/detail/diagnostic.hpp>
#include <regspace/access.hpp>
#include <regspace/detail/type_list.hpp>
#include <regspace/field.hpp>
#include <regspace/pci/bar.hpp>
#include <regspace/pci/header_common.hpp>
#include <regspace/pci/reset.hpp>
#include <regspace/register.hpp>

namespace regspace::pci {

namespace detail {
struct io_window_values : values<value<0, "16-bit", "16-bit I/O addressing">,
                                value<1, "32-bit", "32-bit I/O addressing">> {};
struct pmem_window_values : values<value<0, "32-bit", "32-bit addressing">, value<1, "64-bit", "64-bit addressing">> {};
}  // namespace detail

// Type 1 (PCI-to-PCI bridge) header: PCI-to-PCI Bridge Architecture Spec 1.2 §3.2, Figure 3-2;
// register references cite PCIe r6.0 §7.5.1.3, which carries the bridge spec's definitions.
// Windows: 32-bit I/O (IOBASE/IOLIMIT low nibble 1) and 64-bit prefetchable memory (low nibble 1).
// The rules of these types (regspace/detail/diagnostic.hpp).
namespace detail {
REGSPACE_DETAIL_RULE(bridge_has_two_bar_slots, "pci::type1: a bridge has two BAR slots", class Bars)
}  // namespace detail

template <identity Id, class Bars = bars<>, class Rom = no_rom>
struct type1 {
    using pbn = reg<"PBN", 0x18, 1, doc<"Primary Bus Number">, spec<"PCIe r6.0 section 7.5.1.3.2">,
                    field<"PBN", 0, 8, access::rw, 0, "primary bus number">>;
    using sbn = reg<"SBN", 0x19, 1, doc<"Secondary Bus Number">, spec<"PCIe r6.0 section 7.5.1.3.3">,
                    field<"SBN", 0, 8, access::rw, 0, "secondary bus number">>;
    using subbn = reg<"SUBBN", 0x1a, 1, doc<"Subordinate Bus Number">, spec<"PCIe r6.0 section 7.5.1.3.4">,
                      field<"SUBBN", 0, 8, access::rw, 0, "subordinate bus number">>;
    using slt = reg<"SLT", 0x1b, 1, doc<"Secondary Latency Timer (0 on PCIe)">, spec<"PCIe r6.0 section 7.5.1.3.5">>;
    using iobase = reg<"IOBASE", 0x1c, 1, doc<"I/O Base">, spec<"PCIe r6.0 section 7.5.1.3.6">,
                       field<"CAP", 0, 4, access::ro, 1, "I/O addressing capability", detail::io_window_values>,
                       field<"BASE", 4, 4, access::rw, 0, "I/O base [15:12]">>;
    using iolimit = reg<"IOLIMIT", 0x1d, 1, doc<"I/O Limit">, spec<"PCIe r6.0 section 7.5.1.3.6">,
                        field<"CAP", 0, 4, access::ro, 1, "I/O addressing capability", detail::io_window_values>,
                        field<"LIMIT", 4, 4, access::rw, 0, "I/O limit [15:12]">>;
    using secsts = reg<"SECSTS", 0x1e, 2, doc<"Secondary Status">, spec<"PCIe r6.0 section 7.5.1.3.7">,
        bit<"MDPE", 8, access::rw1c, 0, "master data parity error">,
        bit<"STA", 11, access::rw1c, 0, "signaled target abort">,
        bit<"RTA", 12, access::rw1c, 0, "received target abort">,
        bit<"RMA", 13, access::rw1c, 0, "received master abort">,
        bit<"RSE", 14, access::rw1c, 0, "received system error">,
        bit<"DPE", 15, access::rw1c, 0, "detected parity error">>;
    using membase = reg<"MEMBASE", 0x20, 2, doc<"Memory Base">, spec<"PCIe r6.0 section 7.5.1.3.8">,
                        field<"BASE", 4, 12, access::rw, 0, "memory base [31:20]">>;
    using memlimit = reg<"MEMLIMIT", 0x22, 2, doc<"Memory Limit">, spec<"PCIe r6.0 section 7.5.1.3.8">,
                         field<"LIMIT", 4, 12, access::rw, 0, "memory limit [31:20]">>;
    using pmembase = reg<"PMEMBASE", 0x24, 2, doc<"Prefetchable Memory Base">, spec<"PCIe r6.0 section 7.5.1.3.9">,
                         field<"CAP", 0, 4, access::ro, 1, "addressing capability", detail::pmem_window_values>,
                         field<"BASE", 4, 12, access::rw, 0, "prefetchable memory base [31:20]">>;
    using pmemlimit = reg<"PMEMLIMIT", 0x26, 2, doc<"Prefetchable Memory Limit">, spec<"PCIe r6.0 section 7.5.1.3.9">,
                          field<"CAP", 0, 4, access::ro, 1, "addressing capability", detail::pmem_window_values>,
                          field<"LIMIT", 4, 12, access::rw, 0, "prefetchable memory limit [31:20]">>;
    using pmembaseu = reg<"PMEMBASEU", 0x28, 4, doc<"Prefetchable Base Upper 32 Bits">, spec<"PCIe r6.0 section 7.5.1.3.10">,
                          field<"BASE", 0, 32, access::rw, 0, "prefetchable memory base [63:32]">>;
    using pmemlimitu = reg<"PMEMLIMITU", 0x2c, 4, doc<"Prefetchable Limit Upper 32 Bits">,
                           spec<"PCIe r6.0 section 7.5.1.3.10">,
                           field<"LIMIT", 0, 32, access::rw, 0, "prefetchable memory limit [63:32]">>;
    using iobaseu = reg<"IOBASEU", 0x30, 2, doc<"I/O Base Upper 16 Bits">, spec<"PCIe r6.0 section 7.5.1.3.11">,
                        field<"BASE", 0, 16, access::rw, 0, "I/O base [31:16]">>;
    using iolimitu = reg<"IOLIMITU", 0x32, 2, doc<"I/O Limit Upper 16 Bits">, spec<"PCIe r6.0 section 7.5.1.3.11">,
                         field<"LIMIT", 0, 16, access::rw, 0, "I/O limit [31:16]">>;
    // §7.5.1.3.13. Setting Secondary Bus Reset resets everything below the bridge (not the bridge):
    // reported to the platform as reset_method::secondary_bus_reset, whose bus model resets them.
    using bctl_sbr = bit<"SBR", 6, access::rw, 0, "secondary bus reset">;
    struct sbr_action {
        template <class Device>
        static constexpr void on_write(Device& dev, const write_event& e) {
            if ((e.now & bctl_sbr::mask) && !(e.old & bctl_sbr::mask))
                detail::report_reset(dev, reset_method::secondary_bus_reset);
        }
    };
    using bctl = reg<"BCTL", 0x3e, 2, doc<"Bridge Control">, spec<"PCIe r6.0 section 7.5.1.3.13">, action<sbr_action>,
        bit<"PERE", 0, access::rw, 0, "parity error response enable">,
        bit<"SERRE", 1, access::rw, 0, "SERR# enable">,
        bit<"ISAE", 2, access::rw, 0, "ISA enable">,
        bit<"VGAE", 3, access::rw, 0, "VGA enable">,
        bit<"VGA16", 4, access::rw, 0, "VGA 16-bit decode">,
        bit<"MAM", 5, access::rw, 0, "master abort mode">,
        bctl_sbr>;

    static_assert(regspace::detail::reported(detail::bridge_has_two_bar_slots<Bars, (Bars::slots_used <= 2)>()));
    template <std::uint8_t CapPtr>
    struct with_cap_ptr {
        using common = common_header<Id, CapPtr, 1>;
        using registers = typename regspace::detail::join<
            typename common::registers,
            regspace::detail::take_t<2, typename Bars::registers>,
            regspace::detail::type_list<pbn, sbn, subbn, slt, iobase, iolimit, secsts, membase, memlimit, pmembase,
                              pmemlimit, pmembaseu, pmemlimitu, iobaseu, iolimitu>,
            typename Rom::template registers<0x38>, regspace::detail::type_list<bctl>>::type;
    };
};

}  // namespace regspace::pci
