// SPDX-License-Identifier: MIT
// regspace/pci/reset.hpp - the ways a PCI function gets reset, reported to the platform.
//
// Hypervisors choose between them (Linux's pci_reset_function tries FLR, then PM, then bus
// reset); the platform needs to know which happened, e.g. to drop mappings or re-read BARs.
// A device's hooks parts that list notice::reset (`using notified = regspace::notified<
// pci::notice::reset>;`) receive `pci_reset(reset_method)` before the registers are reset, and
// every part `on_reset(dev, reset_kind)` after, as for every reset.
#pragma once

#include <cstdint>

#include <regspace/detail/hook_calls.hpp>
#include <regspace/hooks.hpp>

namespace regspace::pci {

enum class reset_method : std::uint8_t {
    flr,                  // PCIe Device Control Initiate FLR (PCIe r6.0 §6.6.2)
    af_flr,               // Advanced Features Control Initiate FLR (conventional functions, pci/af.hpp)
    pm_d3hot_to_d0,       // PMCSR D3hot -> D0 with No_Soft_Reset clear (PCI PM 1.2 §5.4.1)
    secondary_bus_reset,  // a bridge's Bridge Control SBR: resets everything behind it
};

namespace notice {
// pci_reset(reset_method): a reset the function performs on itself (FLR, PM D3hot->D0, a bridge's
// Secondary Bus Reset), told before the registers are reset.
struct reset {
    template <class Part, class Device>
    static constexpr bool taken_by = requires(Part& p, reset_method m) { p.pci_reset(m); };
};
}  // namespace notice

namespace detail {
template <class Device>
constexpr void report_reset(Device& dev, reset_method m) {
    regspace::detail::notify_parts<notice::reset>(dev, [&](auto& part) { part.pci_reset(m); });
}
// A reset the function performs on itself: reported first, then carried out.
template <class Device>
constexpr void perform_reset(Device& dev, reset_method m, reset_kind k) {
    report_reset(dev, m);
    dev.reset(k);
}
// The action of an Initiate FLR bit (Device Control's, PCIe r6.0 §7.5.3.4; AF Control's): a
// written 1 in Bit resets the function by Method.
template <std::uint64_t Bit, reset_method Method>
struct flr_on_write {
    template <class Device>
    static constexpr void on_write(Device& dev, const write_event& e) {
        if (e.written & Bit) perform_reset(dev, Method, reset_kind::flr);
    }
};
}  // namespace detail

}  // namespace regspace::pci
