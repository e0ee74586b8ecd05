// SPDX-License-Identifier: MIT
// regspace/pci/header_common.hpp - what the type 0 and type 1 configuration headers share: a
// function's identity, the Command register and the common registers at 00h-0Fh, 34h and 3Ch-3Dh
// (PCI Local Bus Spec 3.0 §6.2.1-6.2.4, Figure 6-1). Writable bits follow what QEMU's
// pci_init_wmask() exposes, so that a device described here answers like the same device in
// QEMU 7.2 (see docs/pci.md).
#pragma once

#include <cstdint>

#include <regspace/access.hpp>
#include <regspace/detail/type_list.hpp>
#include <regspace/field.hpp>
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
    // Status bit 0 (PCIe r6.0 §7.5.1.1.4): the function answers configuration requests right after
    // a reset, so software skips the waits of §6.6 (pci/reset_methods.hpp).
    bool immediate_readiness = false;
};

// §6.2.2; Special Cycles, MWI, VGA snoop, parity response, fast back-to-back: not emulated.
// One type for every function, so hooks can name it: on_write(pci::command_reg, dev, event).
using command_reg = reg<"COMMAND", 0x04, 2, doc<"Command">, spec<"PCI LB 3.0 section 6.2.2">,
    bit<"IOSE", 0, access::rw, 0, "I/O space enable">,
    bit<"MSE", 1, access::rw, 0, "memory space enable">,
    bit<"BME", 2, access::rw, 0, "bus master enable">,
    bit<"SERRE", 8, access::rw, 0, "SERR# enable">,
    bit<"INTxD", 10, access::rw, 0, "INTx emulation disable">>;

namespace detail {
// Base classes (PCI Code and ID Assignment Spec §1) and header layouts, as lspci names them.
struct base_classes : values<value<0x01, "mass storage">, value<0x02, "network">, value<0x03, "display">,
                             value<0x06, "bridge">, value<0x0c, "serial bus">, value<0xff, "unassigned">> {};
struct header_layouts : values<value<0, "type 0 (endpoint)">, value<1, "type 1 (bridge)">,
                               value<2, "type 2 (CardBus bridge)">> {};
struct interrupt_pins : values<value<0, "none", "no INTx">, value<1, "INTA#">, value<2, "INTB#">, value<3, "INTC#">,
                              value<4, "INTD#">> {};
}  // namespace detail

// Common header registers (offsets 0x00-0x0f, 0x34, 0x3c-0x3d), shared by type 0 and type 1.
template <identity Id, std::uint8_t CapPtr, std::uint8_t HeaderType>
struct common_header {
    using vid = reg<"VID", 0x00, 2, doc<"Vendor ID">, spec<"PCI LB 3.0 section 6.2.1">,
                    field<"VID", 0, 16, access::ro, Id.vendor, "vendor ID", values<value<0xffff, "invalid">>>>;
    using did = reg<"DID", 0x02, 2, doc<"Device ID">, spec<"PCI LB 3.0 section 6.2.1">,
                    field<"DID", 0, 16, access::ro, Id.device, "device ID">>;
    using command = command_reg;
    // §6.2.3: error bits are RW1C; CL says a capability list exists.
    using status = reg<"STATUS", 0x06, 2, doc<"Status">, spec<"PCI LB 3.0 section 6.2.3">,
        bit<"IMMRDY", 0, access::ro, Id.immediate_readiness, "immediate readiness (PCIe r6.0 section 7.5.1.1.4)">,
        bit<"INTS", 3, access::ro, 0, "INTx status">,
        bit<"CL", 4, access::ro, (CapPtr != 0), "capabilities list">,
        bit<"MDPE", 8, access::rw1c, 0, "master data parity error">,
        bit<"STA", 11, access::rw1c, 0, "signaled target abort">,
        bit<"RTA", 12, access::rw1c, 0, "received target abort">,
        bit<"RMA", 13, access::rw1c, 0, "received master abort">,
        bit<"SSE", 14, access::rw1c, 0, "signaled system error">,
        bit<"DPE", 15, access::rw1c, 0, "detected parity error">>;
    using rid = reg<"RID", 0x08, 1, doc<"Revision ID">, spec<"PCI LB 3.0 section 6.2.1">,
                    field<"RID", 0, 8, access::ro, Id.revision, "revision ID">>;
    using pi = reg<"PI", 0x09, 1, doc<"Class Code: Programming Interface">, spec<"PCI LB 3.0 section 6.2.1">,
                   field<"PI", 0, 8, access::ro, (Id.class_code & 0xff), "programming interface">>;
    using scc = reg<"SCC", 0x0a, 1, doc<"Class Code: Sub-Class">, spec<"PCI LB 3.0 section 6.2.1">,
                    field<"SCC", 0, 8, access::ro, ((Id.class_code >> 8) & 0xff), "sub-class">>;
    using bcc = reg<"BCC", 0x0b, 1, doc<"Class Code: Base Class">, spec<"PCI LB 3.0 section 6.2.1">,
                    field<"BCC", 0, 8, access::ro, ((Id.class_code >> 16) & 0xff), "base class", detail::base_classes>>;
    using cls = reg<"CLS", 0x0c, 1, doc<"Cache Line Size">, spec<"PCI LB 3.0 section 6.2.4">,
                    field<"CLS", 0, 8, access::rw, 0, "cache line size (DWORDs)">>;
    using mlt = reg<"MLT", 0x0d, 1, doc<"Latency Timer">, spec<"PCI LB 3.0 section 6.2.4">,
                    field<"MLT", 0, 8, access::ro, 0, "latency timer (0 on PCIe)">>;
    using htype = reg<"HTYPE", 0x0e, 1, doc<"Header Type">, spec<"PCI LB 3.0 section 6.2.1">,
                      field<"LAYOUT", 0, 7, access::ro, HeaderType, "header layout", detail::header_layouts>,
                      bit<"MFD", 7, access::ro, Id.multifunction, "multi-function device">>;
    using bist = reg<"BIST", 0x0f, 1, doc<"Built-in Self Test (not implemented)">, spec<"PCI LB 3.0 section 6.2.4">>;
    using cap_ptr = reg<"CAP_PTR", 0x34, 1, doc<"Capabilities Pointer">, spec<"PCI LB 3.0 section 6.7">,
                        field<"PTR", 0, 8, access::ro, CapPtr, "first capability", values<value<0, "none">>>>;
    using intline = reg<"INTLINE", 0x3c, 1, doc<"Interrupt Line">, spec<"PCI LB 3.0 section 6.2.4">,
                        field<"LINE", 0, 8, access::rw, 0, "interrupt line (software)">>;
    using intpin = reg<"INTPIN", 0x3d, 1, doc<"Interrupt Pin">, spec<"PCI LB 3.0 section 6.2.4">,
                       field<"PIN", 0, 8, access::ro, Id.int_pin, "interrupt pin", detail::interrupt_pins>>;

    using registers = regspace::detail::type_list<vid, did, command, status, rid, pi, scc, bcc, cls, mlt, htype,
                                        bist, cap_ptr, intline, intpin>;
};

}  // namespace regspace::pci
