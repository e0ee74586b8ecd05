// SPDX-License-Identifier: MIT
// regspace/pci/secondary_pcie.hpp - the Secondary PCI Express extended capability (PCIe r6.0
// §7.7.3): 8.0 GT/s link equalization control, and lane errors, one per lane of the link.
#pragma once

#include <cstdint>

#include <regspace/access.hpp>
#include <regspace/block.hpp>
#include <regspace/detail/diagnostic.hpp>
#include <regspace/field.hpp>
#include <regspace/pci/capability.hpp>
#include <regspace/register.hpp>

namespace regspace::pci {

namespace detail {
REGSPACE_DETAIL_RULE(secondary_pcie_lanes, "pci::secondary_pcie: the link has 1 to 32 lanes", unsigned Lanes)
}  // namespace detail

// Lanes: the Maximum Link Width; the Lane Equalization Control registers are one 16-bit register
// per lane. Their presets are the hardware's (HwInit); this model starts them at 0.
template <unsigned Lanes = 1>
struct secondary_pcie {
    static_assert(regspace::detail::reported(detail::secondary_pcie_lanes<Lanes, (Lanes >= 1 && Lanes <= 32)>()));
    static constexpr std::uint16_t id = 0x0019;
    static constexpr bool extended = true;
    static constexpr unsigned bytes = (0x0c + 2 * Lanes + 3) / 4 * 4;
    using lnkctl3 = reg<"LNKCTL3", 0x04, 4, doc<"Link Control 3">, spec<"PCIe r6.0 section 7.7.3.2">,
        bit<"PERFORM_EQ", 0, access::rw, 0, "perform equalization">,
        bit<"EQ_REQ_INT_EN", 1, access::rw, 0, "link equalization request interrupt enable">,
        field<"LOWER_SKP_OS", 9, 7, access::rw, 0, "enable lower SKP OS generation vector">>;
    // One bit per lane, sticky: errors survive the reset that recovers the link.
    using lane_errors = reg<"LANE_ERR_STA", 0x08, 4, doc<"Lane Error Status">, spec<"PCIe r6.0 section 7.7.3.3">,
        field<"LANES", 0, (Lanes < 32 ? Lanes : 32), access::rw1cs, 0, "lane error detected, one bit per lane">>;
    using lane_eq_block = regspace::block<"Secondary PCIe lane equalization",
        reg<"LANE_EQ_CTL", 0x00, 2, doc<"Lane Equalization Control">, spec<"PCIe r6.0 section 7.7.3.4">,
            field<"DP_TX_PRESET", 0, 4, access::hwinit, 0, "downstream port 8.0 GT/s transmitter preset">,
            field<"DP_RX_HINT", 4, 3, access::hwinit, 0, "downstream port 8.0 GT/s receiver preset hint">,
            field<"UP_TX_PRESET", 8, 4, access::hwinit, 0, "upstream port 8.0 GT/s transmitter preset">,
            field<"UP_RX_HINT", 12, 3, access::hwinit, 0, "upstream port 8.0 GT/s receiver preset hint">>>;
    template <std::uint16_t Next>
    using block = block_of<"Secondary PCIe", ext_cap_header<id, 1, Next>, lnkctl3, lane_errors>;
    template <unsigned Base>
    using arrays = reg_list<repeat<lane_eq_block, Base + 0x0c, Lanes, 2>>;
};

}  // namespace regspace::pci
