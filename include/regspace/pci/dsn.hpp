// SPDX-License-Identifier: MIT
// regspace/pci/dsn.hpp - the Device Serial Number extended capability (PCIe r6.0 §7.9.3): a
// 64-bit IEEE EUI-64 serial, read-only.
#pragma once

#include <cstdint>

#include <regspace/access.hpp>
#include <regspace/block.hpp>
#include <regspace/field.hpp>
#include <regspace/pci/capability.hpp>
#include <regspace/register.hpp>

namespace regspace::pci {

template <std::uint64_t Serial>
struct device_serial_number {
    static constexpr std::uint16_t id = 0x0003;
    static constexpr bool extended = true;
    static constexpr unsigned bytes = 0x0c;
    using lower = reg<"SERIAL_LO", 0x04, 4, doc<"Serial Number Register (lower DW)">, spec<"PCIe r6.0 section 7.9.3.2">,
                      field<"SN", 0, 32, access::ro, (Serial & 0xffffffffu), "serial number bits 31:0">>;
    using upper = reg<"SERIAL_HI", 0x08, 4, doc<"Serial Number Register (upper DW)">, spec<"PCIe r6.0 section 7.9.3.2">,
                      field<"SN", 0, 32, access::ro, (Serial >> 32), "serial number bits 63:32">>;
    template <std::uint16_t Next>
    using block = block_of<"DSN", ext_cap_header<id, 1, Next>, lower, upper>;
};

}  // namespace regspace::pci
