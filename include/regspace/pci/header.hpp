// SPDX-License-Identifier: MIT
// regspace/pci/header.hpp - the type 0 configuration header (PCI Local Bus Spec 3.0 §6.2.1-6.2.5,
// Figure 6-1). Writable bits follow what QEMU's pci_init_wmask() exposes, so that a device
// described here answers like the same device in QEMU 7.2 (see docs/pci.md).
#pragma once

#include <cstdint>

#include <regspace/access.hpp>
#include <regspace/detail/type_list.hpp>
#include <regspace/field.hpp>
#include <regspace/pci/bar.hpp>
#include <regspace/pci/reset.hpp>
#include <regspace/register.hpp>

namespace regspace::pci {

// The identity of a function: designated initialisers read like a datasheet,
//   pci::identity{.vendor = 0x8086, .device = 0x10d3, .class_code = 0x020000, .int_pin = 1}
struct identity {
    std::uint16_t vendor = 0xffff;
    std::uint16_t device = 0xffff;
    std::uint32_t class_code = 0;  // base class << 16 | sub-class << 8 | programming interface
    std::uint8_t revision = 0;
    std::uint16_t subsystem_vendor = 0;
    std::uint16_t subsystem = 0;
    std::uint8_t int_pin = 0;  // 0: no INTx; 1-4: INTA#-INTD#
    bool multifunction = false;
};

// §6.2.2; Special Cycles, MWI, VGA snoop, parity response, fast back-to-back: not emulated.
// One type for every function, so hooks can name it: on_write(pci::command_reg, old, now).
using command_reg = reg<"COMMAND", 0x04, 2, doc<"Command">, spec<"PCI LB 3.0 §6.2.2">,
    bit<"IOSE", 0, access::rw, 0, "I/O space enable">,
    bit<"MSE", 1, access::rw, 0, "memory space enable">,
    bit<"BME", 2, access::rw, 0, "bus master enable">,
    bit<"SERRE", 8, access::rw, 0, "SERR# enable">,
    bit<"INTxD", 10, access::rw, 0, "INTx emulation disable">>;

namespace header_detail {
// Base classes (PCI Code and ID Assignment Spec §1) and header layouts, as lspci names them.
struct base_classes : values<value<0x01, "mass storage">, value<0x02, "network">, value<0x03, "display">,
                             value<0x06, "bridge">, value<0x0c, "serial bus">, value<0xff, "unassigned">> {};
struct header_layouts : values<value<0, "type 0 (endpoint)">, value<1, "type 1 (bridge)">,
                               value<2, "type 2 (CardBus bridge)">> {};
struct interrupt_pins : values<value<0, "none", "no INTx">, value<1, "INTA#">, value<2, "INTB#">, value<3, "INTC#">,
                              value<4, "INTD#">> {};
}  // namespace header_detail

// Common header registers (offsets 0x00-0x0f, 0x34, 0x3c-0x3d), shared by type 0 and type 1.
template <identity Id, std::uint8_t CapPtr, std::uint8_t HeaderType>
struct common_header {
    using vid = reg<"VID", 0x00, 2, doc<"Vendor ID">, spec<"PCI LB 3.0 §6.2.1">,
                    field<"VID", 0, 16, access::ro, Id.vendor, "vendor ID", values<value<0xffff, "invalid">>>>;
    using did = reg<"DID", 0x02, 2, doc<"Device ID">, spec<"PCI LB 3.0 §6.2.1">,
                    field<"DID", 0, 16, access::ro, Id.device, "device ID">>;
    using command = command_reg;
    // §6.2.3: error bits are RW1C; CL says a capability list exists.
    using status = reg<"STATUS", 0x06, 2, doc<"Status">, spec<"PCI LB 3.0 §6.2.3">,
        bit<"INTS", 3, access::ro, 0, "INTx status">,
        bit<"CL", 4, access::ro, (CapPtr != 0), "capabilities list">,
        bit<"MDPE", 8, access::rw1c, 0, "master data parity error">,
        bit<"STA", 11, access::rw1c, 0, "signaled target abort">,
        bit<"RTA", 12, access::rw1c, 0, "received target abort">,
        bit<"RMA", 13, access::rw1c, 0, "received master abort">,
        bit<"SSE", 14, access::rw1c, 0, "signaled system error">,
        bit<"DPE", 15, access::rw1c, 0, "detected parity error">>;
    using rid = reg<"RID", 0x08, 1, doc<"Revision ID">, spec<"PCI LB 3.0 §6.2.1">,
                    field<"RID", 0, 8, access::ro, Id.revision, "revision ID">>;
    using pi = reg<"PI", 0x09, 1, doc<"Class Code: Programming Interface">, spec<"PCI LB 3.0 §6.2.1">,
                   field<"PI", 0, 8, access::ro, (Id.class_code & 0xff), "programming interface">>;
    using scc = reg<"SCC", 0x0a, 1, doc<"Class Code: Sub-Class">, spec<"PCI LB 3.0 §6.2.1">,
                    field<"SCC", 0, 8, access::ro, ((Id.class_code >> 8) & 0xff), "sub-class">>;
    using bcc = reg<"BCC", 0x0b, 1, doc<"Class Code: Base Class">, spec<"PCI LB 3.0 §6.2.1">,
                    field<"BCC", 0, 8, access::ro, ((Id.class_code >> 16) & 0xff), "base class", header_detail::base_classes>>;
    using cls = reg<"CLS", 0x0c, 1, doc<"Cache Line Size">, spec<"PCI LB 3.0 §6.2.4">,
                    field<"CLS", 0, 8, access::rw, 0, "cache line size (DWORDs)">>;
    using mlt = reg<"MLT", 0x0d, 1, doc<"Latency Timer">, spec<"PCI LB 3.0 §6.2.4">,
                    field<"MLT", 0, 8, access::ro, 0, "latency timer (0 on PCIe)">>;
    using htype = reg<"HTYPE", 0x0e, 1, doc<"Header Type">, spec<"PCI LB 3.0 §6.2.1">,
                      field<"LAYOUT", 0, 7, access::ro, HeaderType, "header layout", header_detail::header_layouts>,
                      bit<"MFD", 7, access::ro, Id.multifunction, "multi-function device">>;
    using bist = reg<"BIST", 0x0f, 1, doc<"Built-in Self Test (not implemented)">, spec<"PCI LB 3.0 §6.2.4">>;
    using cap_ptr = reg<"CAP_PTR", 0x34, 1, doc<"Capabilities Pointer">, spec<"PCI LB 3.0 §6.7">,
                        field<"PTR", 0, 8, access::ro, CapPtr, "first capability", values<value<0, "none">>>>;
    using intline = reg<"INTLINE", 0x3c, 1, doc<"Interrupt Line">, spec<"PCI LB 3.0 §6.2.4">,
                        field<"LINE", 0, 8, access::rw, 0, "interrupt line (software)">>;
    using intpin = reg<"INTPIN", 0x3d, 1, doc<"Interrupt Pin">, spec<"PCI LB 3.0 §6.2.4">,
                       field<"PIN", 0, 8, access::ro, Id.int_pin, "interrupt pin", header_detail::interrupt_pins>>;

    using registers = detail::type_list<vid, did, command, status, rid, pi, scc, bcc, cls, mlt, htype,
                                        bist, cap_ptr, intline, intpin>;
};

// Type 0 (endpoint) header: identity, six BAR slots, subsystem IDs and expansion ROM.
template <identity Id, class Bars = bars<>, class Rom = no_rom>
struct type0 {
    template <std::uint8_t CapPtr>
    struct with_cap_ptr {
        using common = common_header<Id, CapPtr, 0>;
        using cardbus = reg<"CIS", 0x28, 4, doc<"CardBus CIS Pointer (not implemented)">, spec<"PCI LB 3.0 §6.2.4">>;
        using svid = reg<"SVID", 0x2c, 2, doc<"Subsystem Vendor ID">, spec<"PCI LB 3.0 §6.2.4">,
                         field<"SVID", 0, 16, access::ro, Id.subsystem_vendor, "subsystem vendor ID">>;
        using ssid = reg<"SSID", 0x2e, 2, doc<"Subsystem ID">, spec<"PCI LB 3.0 §6.2.4">,
                         field<"SSID", 0, 16, access::ro, Id.subsystem, "subsystem ID">>;
        using mingnt = reg<"MIN_GNT", 0x3e, 1, doc<"Min_Gnt (0 on PCIe)">, spec<"PCI LB 3.0 §6.2.4">>;
        using maxlat = reg<"MAX_LAT", 0x3f, 1, doc<"Max_Lat (0 on PCIe)">, spec<"PCI LB 3.0 §6.2.4">>;
        using registers = typename detail::join<
            typename common::registers, typename Bars::registers,
            detail::type_list<cardbus, svid, ssid>, typename Rom::template registers<0x30>,
            detail::type_list<mingnt, maxlat>>::type;
    };
};

}  // namespace regspace::pci

namespace regspace::pci {

namespace header_detail {
struct io_window_values : values<value<0, "16-bit", "16-bit I/O addressing">,
                                value<1, "32-bit", "32-bit I/O addressing">> {};
struct pmem_window_values : values<value<0, "32-bit", "32-bit addressing">, value<1, "64-bit", "64-bit addressing">> {};
}  // namespace header_detail

// Type 1 (PCI-to-PCI bridge) header: PCI-to-PCI Bridge Architecture Spec 1.2 §3.2, Figure 3-2;
// register references cite PCIe r6.0 §7.5.1.3, which carries the bridge spec's definitions.
// Windows: 32-bit I/O (IOBASE/IOLIMIT low nibble 1) and 64-bit prefetchable memory (low nibble 1).
template <identity Id, class Bars = bars<>, class Rom = no_rom>
struct type1 {
    using pbn = reg<"PBN", 0x18, 1, doc<"Primary Bus Number">, spec<"PCIe r6.0 §7.5.1.3.2">,
                    field<"PBN", 0, 8, access::rw, 0, "primary bus number">>;
    using sbn = reg<"SBN", 0x19, 1, doc<"Secondary Bus Number">, spec<"PCIe r6.0 §7.5.1.3.3">,
                    field<"SBN", 0, 8, access::rw, 0, "secondary bus number">>;
    using subbn = reg<"SUBBN", 0x1a, 1, doc<"Subordinate Bus Number">, spec<"PCIe r6.0 §7.5.1.3.4">,
                      field<"SUBBN", 0, 8, access::rw, 0, "subordinate bus number">>;
    using slt = reg<"SLT", 0x1b, 1, doc<"Secondary Latency Timer (0 on PCIe)">, spec<"PCIe r6.0 §7.5.1.3.5">>;
    using iobase = reg<"IOBASE", 0x1c, 1, doc<"I/O Base">, spec<"PCIe r6.0 §7.5.1.3.6">,
                       field<"CAP", 0, 4, access::ro, 1, "I/O addressing capability", header_detail::io_window_values>,
                       field<"BASE", 4, 4, access::rw, 0, "I/O base [15:12]">>;
    using iolimit = reg<"IOLIMIT", 0x1d, 1, doc<"I/O Limit">, spec<"PCIe r6.0 §7.5.1.3.6">,
                        field<"CAP", 0, 4, access::ro, 1, "I/O addressing capability", header_detail::io_window_values>,
                        field<"LIMIT", 4, 4, access::rw, 0, "I/O limit [15:12]">>;
    using secsts = reg<"SECSTS", 0x1e, 2, doc<"Secondary Status">, spec<"PCIe r6.0 §7.5.1.3.7">,
        bit<"MDPE", 8, access::rw1c, 0, "master data parity error">,
        bit<"STA", 11, access::rw1c, 0, "signaled target abort">,
        bit<"RTA", 12, access::rw1c, 0, "received target abort">,
        bit<"RMA", 13, access::rw1c, 0, "received master abort">,
        bit<"RSE", 14, access::rw1c, 0, "received system error">,
        bit<"DPE", 15, access::rw1c, 0, "detected parity error">>;
    using membase = reg<"MEMBASE", 0x20, 2, doc<"Memory Base">, spec<"PCIe r6.0 §7.5.1.3.8">,
                        field<"BASE", 4, 12, access::rw, 0, "memory base [31:20]">>;
    using memlimit = reg<"MEMLIMIT", 0x22, 2, doc<"Memory Limit">, spec<"PCIe r6.0 §7.5.1.3.8">,
                         field<"LIMIT", 4, 12, access::rw, 0, "memory limit [31:20]">>;
    using pmembase = reg<"PMEMBASE", 0x24, 2, doc<"Prefetchable Memory Base">, spec<"PCIe r6.0 §7.5.1.3.9">,
                         field<"CAP", 0, 4, access::ro, 1, "addressing capability", header_detail::pmem_window_values>,
                         field<"BASE", 4, 12, access::rw, 0, "prefetchable memory base [31:20]">>;
    using pmemlimit = reg<"PMEMLIMIT", 0x26, 2, doc<"Prefetchable Memory Limit">, spec<"PCIe r6.0 §7.5.1.3.9">,
                          field<"CAP", 0, 4, access::ro, 1, "addressing capability", header_detail::pmem_window_values>,
                          field<"LIMIT", 4, 12, access::rw, 0, "prefetchable memory limit [31:20]">>;
    using pmembaseu = reg<"PMEMBASEU", 0x28, 4, doc<"Prefetchable Base Upper 32 Bits">, spec<"PCIe r6.0 §7.5.1.3.10">,
                          field<"BASE", 0, 32, access::rw, 0, "prefetchable memory base [63:32]">>;
    using pmemlimitu = reg<"PMEMLIMITU", 0x2c, 4, doc<"Prefetchable Limit Upper 32 Bits">,
                           spec<"PCIe r6.0 §7.5.1.3.10">,
                           field<"LIMIT", 0, 32, access::rw, 0, "prefetchable memory limit [63:32]">>;
    using iobaseu = reg<"IOBASEU", 0x30, 2, doc<"I/O Base Upper 16 Bits">, spec<"PCIe r6.0 §7.5.1.3.11">,
                        field<"BASE", 0, 16, access::rw, 0, "I/O base [31:16]">>;
    using iolimitu = reg<"IOLIMITU", 0x32, 2, doc<"I/O Limit Upper 16 Bits">, spec<"PCIe r6.0 §7.5.1.3.11">,
                         field<"LIMIT", 0, 16, access::rw, 0, "I/O limit [31:16]">>;
    // §7.5.1.3.13. Setting Secondary Bus Reset resets everything below the bridge (not the bridge):
    // reported to the platform as reset_method::secondary_bus_reset, whose bus model resets them.
    struct sbr_action {
        template <class Device>
        static constexpr void on_write(Device& dev, std::uint64_t old, std::uint64_t now) {
            if ((now & 0x40) && !(old & 0x40)) reset_detail::report(dev, reset_method::secondary_bus_reset);
        }
    };
    using bctl = reg<"BCTL", 0x3e, 2, doc<"Bridge Control">, spec<"PCIe r6.0 §7.5.1.3.13">, action<sbr_action>,
        bit<"PERE", 0, access::rw, 0, "parity error response enable">,
        bit<"SERRE", 1, access::rw, 0, "SERR# enable">,
        bit<"ISAE", 2, access::rw, 0, "ISA enable">,
        bit<"VGAE", 3, access::rw, 0, "VGA enable">,
        bit<"VGA16", 4, access::rw, 0, "VGA 16-bit decode">,
        bit<"MAM", 5, access::rw, 0, "master abort mode">,
        bit<"SBR", 6, access::rw, 0, "secondary bus reset">>;

    static_assert(Bars::slots_used <= 2, "regspace::pci::type1: a bridge has two BAR slots");
    template <std::uint8_t CapPtr>
    struct with_cap_ptr {
        using common = common_header<Id, CapPtr, 1>;
        using registers = typename detail::join<
            typename common::registers,
            detail::filter_first_n<2, typename Bars::registers>,
            detail::type_list<pbn, sbn, subbn, slt, iobase, iolimit, secsts, membase, memlimit, pmembase,
                              pmemlimit, pmembaseu, pmemlimitu, iobaseu, iolimitu>,
            typename Rom::template registers<0x38>, detail::type_list<bctl>>::type;
    };
};

}  // namespace regspace::pci
