// SPDX-License-Identifier: MIT
// regspace/pci/pm.hpp - the Power Management capability (PCI Bus Power Management Interface
// Specification 1.2, §3.2).
#pragma once

#include <cstdint>
#include <type_traits>

#include <regspace/access.hpp>
#include <regspace/block.hpp>
#include <regspace/detail/type_list.hpp>
#include <regspace/field.hpp>
#include <regspace/pci/capability.hpp>
#include <regspace/pci/reset.hpp>
#include <regspace/register.hpp>

namespace regspace::pci {

struct pm_params {
    bool d1 = false;
    bool d2 = false;
    std::uint8_t pme_support = 0;  // PMC bits 15:11: D0, D1, D2, D3hot, D3cold
    bool no_soft_reset = true;     // PMCSR bit 3: D3hot->D0 keeps the function's state
};

namespace detail {
inline constexpr std::uint64_t d0 = 0, d1 = 1, d2 = 2, d3hot = 3;
// The encodings §3.2.3 and §3.2.4 name.
struct pm_versions : values<value<1, "PCI PM 1.0">, value<2, "PCI PM 1.1">, value<3, "PCI PM 1.2">> {};
struct aux_currents : values<value<0, "self-powered">, value<1, "55 mA">, value<2, "100 mA">, value<3, "160 mA">,
                            value<4, "220 mA">, value<5, "270 mA">, value<6, "320 mA">, value<7, "375 mA">> {};
// PME_Support is a mask (bit 0 D0 ... bit 4 D3cold); the single states and the usual sets are named.
struct pme_states : values<value<0x00, "none">, value<0x01, "D0">, value<0x02, "D1">, value<0x04, "D2">,
                          value<0x08, "D3hot">, value<0x10, "D3cold">, value<0x18, "D3hot D3cold">,
                          value<0x19, "D0 D3hot D3cold">, value<0x1f, "D0 D1 D2 D3hot D3cold">> {};
struct power_states : values<value<d0, "D0">, value<d1, "D1">, value<d2, "D2">, value<d3hot, "D3hot">> {};
struct data_selects : values<value<0, "D0 power consumed">, value<1, "D1 power consumed">,
                            value<2, "D2 power consumed">, value<3, "D3 power consumed">,
                            value<4, "D0 power dissipated">, value<5, "D1 power dissipated">,
                            value<6, "D2 power dissipated">, value<7, "D3 power dissipated">> {};
struct data_scales : values<value<0, "unknown">, value<1, "0.1x">, value<2, "0.01x">, value<3, "0.001x">> {};

// PMCSR's power state and No_Soft_Reset fields, named once: the register lists them and its rule
// and action read them (PCI PM 1.2 §3.2.4).
using pmcsr_power_state = field<"POWERSTATE", 0, 2, access::rw, 0, "power state; unsupported states are refused",
                                power_states>;
template <bool NoSoftReset>
using pmcsr_no_soft_reset = bit<"NO_SOFT_RESET", 3, access::ro, NoSoftReset, "no soft reset on D3hot to D0">;

// §3.2.4: "If software attempts to write an unsupported, optional state to this field, the
// write operation must complete normally on the bus; however, the data is discarded and no state
// change occurs." D0 and D3hot are always supported.
template <bool D1, bool D2>
constexpr std::uint64_t keep_supported_state(std::uint64_t old, std::uint64_t now) {
    using ps = pmcsr_power_state;
    const std::uint64_t state = (now & ps::mask) >> ps::lsb;
    if ((state == d1 && !D1) || (state == d2 && !D2)) return (now & ~ps::mask) | (old & ps::mask);
    return now;
}

// §5.4.1: a function without No_Soft_Reset performs an internal reset on D3hot -> D0: its
// configuration returns to the default state except sticky bits (a warm reset here).
struct d3hot_to_d0 {
    template <class Device>
    static constexpr void on_write(Device& dev, const write_event& e) {
        using ps = pmcsr_power_state;
        const std::uint64_t before = (e.old & ps::mask) >> ps::lsb, after = (e.now & ps::mask) >> ps::lsb;
        // (The action exists only where No_Soft_Reset is 0: pm<> adds it then.)
        if (before == d3hot && after == d0) {
            detail::perform_reset(dev, reset_method::pm_d3hot_to_d0, reset_kind::warm);
        }
    }
};
}  // namespace detail

template <pm_params P = pm_params{}>
struct pm {
    static constexpr std::uint8_t id = 0x01;
    static constexpr bool extended = false;
    static constexpr unsigned bytes = 8;

    using pmc = reg<"PMC", 0x02, 2, doc<"Power Management Capabilities">, spec<"PCI PM 1.2 section 3.2.3">,
        field<"VERSION", 0, 3, access::ro, 3, "version of the PM specification", detail::pm_versions>,
        bit<"PME_CLOCK", 3, access::ro, 0, "PME clock required (0 on PCIe)">,
        bit<"DSI", 5, access::ro, 0, "device specific initialization">,
        field<"AUX_CURRENT", 6, 3, access::ro, 0, "3.3Vaux current required", detail::aux_currents>,
        bit<"D1", 9, access::ro, P.d1, "D1 supported">,
        bit<"D2", 10, access::ro, P.d2, "D2 supported">,
        field<"PME_SUPPORT", 11, 5, access::ro, P.pme_support, "states PME can be signalled from (mask)",
              detail::pme_states>>;
    using pmcsr = reg<"PMCSR", 0x04, 2, doc<"Power Management Control/Status">, spec<"PCI PM 1.2 section 3.2.4">,
        rule<&detail::keep_supported_state<P.d1, P.d2>>,
        std::conditional_t<P.no_soft_reset, nothing, action<detail::d3hot_to_d0>>,
        detail::pmcsr_power_state,
        detail::pmcsr_no_soft_reset<P.no_soft_reset>,
        bit<"PME_EN", 8, access::rws, 0, "PME enable (sticky when PME from D3cold)">,
        field<"DATA_SELECT", 9, 4, access::ro, 0, "data select", detail::data_selects>,
        field<"DATA_SCALE", 13, 2, access::ro, 0, "data scale", detail::data_scales>,
        bit<"PME_STATUS", 15, access::rw1cs, 0, "PME status, set by the device side">>;
    using pmcsr_bse = reg<"PMCSR_BSE", 0x06, 1, doc<"PMCSR Bridge Support Extensions (not implemented)">,
                          spec<"PCI PM 1.2 section 3.2.5">>;
    using data = reg<"DATA", 0x07, 1, doc<"Data (not implemented)">, spec<"PCI PM 1.2 section 3.2.6">>;

    template <std::uint8_t Next>
    using block = block_of<"PM",
        cap_header<id, Next>, reg_list<pmc, pmcsr, pmcsr_bse, data>>;
};

}  // namespace regspace::pci
