// SPDX-License-Identifier: MIT
// regspace/pci/l1ss.hpp - the L1 PM Substates extended capability (PCIe r6.0 §7.8.3): L1.1 and
// L1.2 under PCI-PM and ASPM control, with the timing software programs for L1.2 entry (§5.5).
#pragma once

#include <cstdint>
#include <type_traits>

#include <regspace/access.hpp>
#include <regspace/block.hpp>
#include <regspace/field.hpp>
#include <regspace/pci/capability.hpp>
#include <regspace/register.hpp>

namespace regspace::pci {

struct l1ss_params {
    bool pci_pm_l1_2 = true;
    bool pci_pm_l1_1 = true;
    bool aspm_l1_2 = true;
    bool aspm_l1_1 = true;
    std::uint8_t common_mode_restore_time = 0;  // us
    std::uint8_t t_power_on_scale = 0;          // 0: 2 us, 1: 10 us, 2: 100 us
    std::uint8_t t_power_on_value = 5;
};

namespace detail {
struct t_power_on_scales : values<value<0, "2 us">, value<1, "10 us">, value<2, "100 us">> {};
struct ltr_threshold_scales : values<value<0, "1 ns">, value<1, "32 ns">, value<2, "1024 ns">, value<3, "32768 ns">,
                                    value<4, "1048576 ns">, value<5, "33554432 ns">> {};
template <bool Supported, unsigned Bit, fixed_string Name, fixed_string Desc>
using l1ss_enable = bit<Name, Bit, std::conditional_t<Supported, access::rw, access::ro>, 0, Desc>;
}  // namespace detail

template <l1ss_params P = l1ss_params{}>
struct l1_pm_substates {
    static constexpr std::uint16_t id = 0x001e;
    static constexpr bool extended = true;
    static constexpr unsigned bytes = 0x14;
    static constexpr bool any = P.pci_pm_l1_2 || P.pci_pm_l1_1 || P.aspm_l1_2 || P.aspm_l1_1;
    using cap = reg<"L1SS_CAP", 0x04, 4, doc<"L1 PM Substates Capabilities">, spec<"PCIe r6.0 section 7.8.3.2">,
        bit<"PCIPM_L1_2", 0, access::ro, P.pci_pm_l1_2, "PCI-PM L1.2 supported">,
        bit<"PCIPM_L1_1", 1, access::ro, P.pci_pm_l1_1, "PCI-PM L1.1 supported">,
        bit<"ASPM_L1_2", 2, access::ro, P.aspm_l1_2, "ASPM L1.2 supported">,
        bit<"ASPM_L1_1", 3, access::ro, P.aspm_l1_1, "ASPM L1.1 supported">,
        bit<"L1SS", 4, access::ro, any, "L1 PM substates supported">,
        field<"CM_RESTORE", 8, 8, access::ro, P.common_mode_restore_time, "port common mode restore time (us)">,
        field<"T_PWR_ON_SCALE", 16, 2, access::ro, P.t_power_on_scale, "port T_POWER_ON scale",
              detail::t_power_on_scales>,
        field<"T_PWR_ON_VALUE", 19, 5, access::ro, P.t_power_on_value, "port T_POWER_ON value">>;
    using ctl1 = reg<"L1SS_CTL1", 0x08, 4, doc<"L1 PM Substates Control 1">, spec<"PCIe r6.0 section 7.8.3.3">,
        detail::l1ss_enable<P.pci_pm_l1_2, 0, "PCIPM_L1_2", "PCI-PM L1.2 enable">,
        detail::l1ss_enable<P.pci_pm_l1_1, 1, "PCIPM_L1_1", "PCI-PM L1.1 enable">,
        detail::l1ss_enable<P.aspm_l1_2, 2, "ASPM_L1_2", "ASPM L1.2 enable">,
        detail::l1ss_enable<P.aspm_l1_1, 3, "ASPM_L1_1", "ASPM L1.1 enable">,
        field<"CM_RESTORE", 8, 8, access::rw, 0, "common mode restore time (us)">,
        field<"LTR_THRESHOLD_VALUE", 16, 10, access::rw, 0, "LTR L1.2 threshold value">,
        field<"LTR_THRESHOLD_SCALE", 29, 3, access::rw, 0, "LTR L1.2 threshold scale", detail::ltr_threshold_scales>>;
    using ctl2 = reg<"L1SS_CTL2", 0x0c, 4, doc<"L1 PM Substates Control 2">, spec<"PCIe r6.0 section 7.8.3.4">,
        field<"T_PWR_ON_SCALE", 0, 2, access::rw, 0, "T_POWER_ON scale", detail::t_power_on_scales>,
        field<"T_PWR_ON_VALUE", 3, 5, access::rw, 5, "T_POWER_ON value">>;
    using sta = reg<"L1SS_STA", 0x10, 4, doc<"L1 PM Substates Status">, spec<"PCIe r6.0 section 7.8.3.5">>;
    template <std::uint16_t Next>
    using block = block_of<"L1 PM Substates", ext_cap_header<id, 1, Next>, cap, ctl1, ctl2, sta>;
};

}  // namespace regspace::pci
