// SPDX-License-Identifier: MIT
// regspace/pci/vendor_specific.hpp - the three vendor-specific capabilities: the standard Vendor
// Specific capability (ID 09h, PCIe r6.0 §7.9.4), the Vendor-Specific Extended
// Capability (VSEC, PCIe r6.0 §7.9.5) and the Designated Vendor-Specific Extended Capability
// (DVSEC, §7.9.6). Each carries the vendor's own registers after its headers; the headers,
// lengths and IDs are computed from the parameters, and a vendor register outside the capability
// does not compile.
#pragma once

#include <cstdint>

#include <regspace/access.hpp>
#include <regspace/block.hpp>
#include <regspace/detail/diagnostic.hpp>
#include <regspace/field.hpp>
#include <regspace/fixed_string.hpp>
#include <regspace/pci/capability.hpp>
#include <regspace/register.hpp>

namespace regspace::pci {

namespace detail {
REGSPACE_DETAIL_RULE(vendor_register_inside_capability,
                     "pci::vendor_capability/vsec/dvsec: a vendor register lies after the headers and within the length",
                     class Register)
REGSPACE_DETAIL_RULE(vendor_capability_length,
                     "pci::vendor_capability/vsec/dvsec: the length covers the headers and fits the capability's region",
                     unsigned Length)
template <unsigned First, unsigned Length, class... Regs>
constexpr bool vendor_registers_inside() {
    return (true && ... &&
            vendor_register_inside_capability<Regs, (Regs::offset >= First && Regs::offset + Regs::bytes <= Length)>());
}
}  // namespace detail

// The standard Vendor Specific capability: ID, NEXT, Length (byte 2, the whole capability in
// bytes), then the vendor's registers from offset 3 (virtio's capabilities are of this kind).
template <std::uint8_t Length, fixed_string Name, class... Regs>
struct vendor_capability {
    static constexpr std::uint8_t id = 0x09;
    static constexpr bool extended = false;
    static constexpr unsigned bytes = Length;
    static constexpr bool valid = detail::vendor_capability_length<Length, (Length >= 3)>() &&
                                  detail::vendor_registers_inside<3, Length, Regs...>();
    using length = reg<"LENGTH", 0x02, 1, doc<"Capability Length">, spec<"PCIe r6.0 section 7.9.4">,
                       field<"LEN", 0, 8, access::ro, Length, "bytes in this capability">>;
    template <std::uint8_t Next>
    using block = block_of<Name, cap_header<id, Next>, length, Regs...>;
};

struct vsec_params {
    std::uint16_t id = 0;          // VSEC ID: the vendor's own numbering (the function's Vendor ID applies)
    std::uint8_t revision = 0;     // VSEC Rev
    std::uint16_t length = 0x08;   // VSEC Length: bytes of the whole capability, headers included
};

// VSEC: whose vendor is the function's Vendor ID; vendor registers from 08h.
template <vsec_params P, fixed_string Name, class... Regs>
struct vsec {
    static constexpr std::uint16_t id = 0x000b;
    static constexpr bool extended = true;
    static constexpr unsigned bytes = P.length;
    static constexpr bool valid = detail::vendor_capability_length<P.length, (P.length >= 8 && P.length <= 0xf00)>() &&
                                  detail::vendor_registers_inside<8, P.length, Regs...>();
    using header = reg<"VSEC_HDR", 0x04, 4, doc<"Vendor-Specific Header">, spec<"PCIe r6.0 section 7.9.5.2">,
        field<"ID", 0, 16, access::ro, P.id, "VSEC ID">, field<"REV", 16, 4, access::ro, P.revision, "VSEC revision">,
        field<"LENGTH", 20, 12, access::ro, P.length, "VSEC length in bytes">>;
    template <std::uint16_t Next>
    using block = block_of<Name, ext_cap_header<id, 1, Next>, header, Regs...>;
};

struct dvsec_params {
    std::uint16_t vendor = 0;      // DVSEC Vendor ID: the vendor that defined the layout (e.g. 1E98h, CXL)
    std::uint16_t id = 0;          // DVSEC ID, in that vendor's numbering
    std::uint8_t revision = 0;
    std::uint16_t length = 0x0c;   // bytes of the whole capability, headers included
};

// DVSEC: a layout defined by DVSEC Vendor ID (not necessarily the function's vendor) and DVSEC
// ID; vendor registers from 0Ah.
template <dvsec_params P, fixed_string Name, class... Regs>
struct dvsec {
    static constexpr std::uint16_t id = 0x0023;
    static constexpr bool extended = true;
    static constexpr unsigned bytes = P.length;
    static constexpr bool valid = detail::vendor_capability_length<P.length, (P.length >= 0x0a && P.length <= 0xf00)>() &&
                                  detail::vendor_registers_inside<0x0a, P.length, Regs...>();
    using header1 = reg<"DVSEC_HDR1", 0x04, 4, doc<"Designated Vendor-Specific Header 1">,
                        spec<"PCIe r6.0 section 7.9.6.2">,
        field<"VENDOR", 0, 16, access::ro, P.vendor, "DVSEC vendor ID">,
        field<"REV", 16, 4, access::ro, P.revision, "DVSEC revision">,
        field<"LENGTH", 20, 12, access::ro, P.length, "DVSEC length in bytes">>;
    using header2 = reg<"DVSEC_HDR2", 0x08, 2, doc<"Designated Vendor-Specific Header 2">,
                        spec<"PCIe r6.0 section 7.9.6.3">, field<"ID", 0, 16, access::ro, P.id, "DVSEC ID">>;
    template <std::uint16_t Next>
    using block = block_of<Name, ext_cap_header<id, 1, Next>, header1, header2, Regs...>;
};

}  // namespace regspace::pci
