// SPDX-License-Identifier: MIT
// regspace/pci/header_type0.hpp - the type 0 configuration header (PCI Local Bus Spec 3.0
// §6.2.1-6.2.5, Figure 6-1): the common registers (header_common.hpp), six BAR slots, subsystem
// IDs and the expansion ROM. Writable bits follow what QEMU's pci_init_wmask() exposes (see
// docs/pci.md).
#pragma once

#include <cstdint>

#include <regspace/access.hpp>
#include <regspace/detail/type_list.hpp>
#include <regspace/field.hpp>
#include <regspace/pci/bar.hpp>
#include <regspace/pci/header_common.hpp>
#include <regspace/register.hpp>

namespace regspace::pci {

// Type 0 (endpoint) header: identity, six BAR slots, subsystem IDs and expansion ROM.
template <identity Id, class Bars = bars<>, class Rom = no_rom>
struct type0 {
    template <std::uint8_t CapPtr>
    struct with_cap_ptr {
        using common = common_header<Id, CapPtr, 0>;
        using cardbus = reg<"CIS", 0x28, 4, doc<"CardBus CIS Pointer (not implemented)">, spec<"PCI LB 3.0 section 6.2.4">>;
        using svid = reg<"SVID", 0x2c, 2, doc<"Subsystem Vendor ID">, spec<"PCI LB 3.0 section 6.2.4">,
                         field<"SVID", 0, 16, access::ro, Id.subsystem_vendor, "subsystem vendor ID">>;
        using ssid = reg<"SSID", 0x2e, 2, doc<"Subsystem ID">, spec<"PCI LB 3.0 section 6.2.4">,
                         field<"SSID", 0, 16, access::ro, Id.subsystem, "subsystem ID">>;
        using mingnt = reg<"MIN_GNT", 0x3e, 1, doc<"Min_Gnt (0 on PCIe)">, spec<"PCI LB 3.0 section 6.2.4">>;
        using maxlat = reg<"MAX_LAT", 0x3f, 1, doc<"Max_Lat (0 on PCIe)">, spec<"PCI LB 3.0 section 6.2.4">>;
        using registers = typename regspace::detail::join<
            typename common::registers, typename Bars::registers,
            regspace::detail::type_list<cardbus, svid, ssid>, typename Rom::template registers<0x30>,
            regspace::detail::type_list<mingnt, maxlat>>::type;
    };
};

}  // namespace regspace::pci
