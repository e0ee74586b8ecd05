// SPDX-License-Identifier: MIT
// regspace/pci/slot.hpp - the hot-plug controller of a PCI Express root or downstream port's slot
// (PCIe r6.0 §6.7, registers §7.5.3.9-11), with QEMU's semantics (hw/pci/pcie.c; the choices are
// listed in docs/pci.md), and the device-side API that plugs and unplugs what sits in the slot.
//
// The guest side runs as the port's register actions (pcie<> attaches them when
// pcie_params::hot_plug): every Slot Control write is one command and sets Command Completed;
// Electromechanical Interlock Control toggles the interlock; powering off a populated slot whose
// power indicator is off removes the device; a Slot Status write that would clear an event the
// guest cannot have seen (its bit was 0 before the write) clears none. The platform hears of it
// through the hooks parts that list pci::notice::slot: `slot_event(port, pci::slot_event)`, with the
// port's device (a part signals the interrupt from it: MSI, or INTx while slot_interrupt_pending).
#pragma once

#include <cstdint>
#include <string_view>
#include <type_traits>

#include <regspace/detail/diagnostic.hpp>
#include <regspace/detail/hook_calls.hpp>
#include <regspace/detail/locate.hpp>
#include <regspace/hooks.hpp>
#include <regspace/reset_kind.hpp>

namespace regspace::pci {

// What the slot tells the platform.
enum class slot_event : std::uint8_t {
    interrupt,          // the hot-plug interrupt condition rose: send the message (MSI/MSI-X with the PCIe
                        // capability's message number) or assert INTx
    interrupt_cleared,  // the condition fell (the guest cleared the event or its enable): deassert INTx
    power_on,           // the guest turned the slot's power on (Power Controller Control 0)
    power_off,          // ... off
    removed_by_guest,   // the guest powered off a populated slot with its power indicator off: detach the device
};

namespace notice {
// slot_event(port, slot_event): a hot-plug slot's events, in the order they happen.
struct slot {
    template <class Part, class Device>
    static constexpr bool taken_by = requires(Part& p, Device& d, slot_event e) { p.slot_event(d, e); };
};
}  // namespace notice

// What a device-side slot request did.
enum class slot_result : std::uint8_t {
    done,                 // plugged, or removed at once (the slot was powered off)
    requested,            // unplug asked of the guest: Attention Button Pressed raised
    refused_no_hot_plug,  // the slot is not Hot-Plug Capable
    refused_locked,       // the electromechanical interlock is engaged
    refused_busy,         // the power indicator blinks: the guest is busy with the slot (QEMU's rule)
    refused_empty,        // nothing to unplug
    refused_occupied,     // something is already plugged
};

[[nodiscard]] constexpr std::string_view to_string(slot_event e) noexcept {
    switch (e) {
        case slot_event::interrupt: return "interrupt";
        case slot_event::interrupt_cleared: return "interrupt cleared";
        case slot_event::power_on: return "power on";
        case slot_event::power_off: return "power off";
        case slot_event::removed_by_guest: return "removed by the guest";
    }
    return "?";
}
[[nodiscard]] constexpr std::string_view to_string(slot_result r) noexcept {
    switch (r) {
        case slot_result::done: return "done";
        case slot_result::requested: return "requested (Attention Button Pressed)";
        case slot_result::refused_no_hot_plug: return "refused: the slot is not hot-plug capable";
        case slot_result::refused_locked: return "refused: the electromechanical interlock is engaged";
        case slot_result::refused_busy: return "refused: the power indicator blinks (the guest is busy with the slot)";
        case slot_result::refused_empty: return "refused: the slot is empty";
        case slot_result::refused_occupied: return "refused: the slot is occupied";
    }
    return "?";
}

// Indicator Control and the encodings §7.5.3.10 gives them.
enum class indicator : std::uint8_t { on = 1, blink = 2, off = 3 };

namespace detail {
REGSPACE_DETAIL_RULE(port_has_a_slot,
                     "pci::slot_*: the function has no slot: a root or downstream port with pcie_params::slot",
                     class Space)

template <class Space>
inline constexpr bool has_slot = [] {
    using P = regspace::detail::register_named<Space, "PCIe", "PCIE_CAP">;
    if constexpr (std::is_void_v<P>) return false;
    else return regspace::detail::field_named<P, "SLOT">::reset != 0;
}();

template <class Space>
struct slot_of {
    static constexpr bool present = has_slot<Space>;
    using cap = regspace::detail::register_named<Space, "PCIe", "SLOTCAP">;
    using ctl = regspace::detail::register_named<Space, "PCIe", "SLOTCTL">;
    using sta = regspace::detail::register_named<Space, "PCIe", "SLOTSTA">;
    using lnkcap = regspace::detail::register_named<Space, "PCIe", "LNKCAP">;
    using lnksta = regspace::detail::register_named<Space, "PCIe", "LNKSTA">;
};

// The hot-plug interrupt condition (§6.7.3.4; QEMU's hpev_notified) over a Slot Control and a
// Slot Status value: Hot-Plug Interrupt Enable and an event whose own enable is set.
template <class C, class T>
constexpr bool slot_interrupt_condition(std::uint64_t ctl, std::uint64_t sta) {
    using regspace::detail::field_named;
    const auto on = [](std::uint64_t v, auto f) { return (v & decltype(f)::mask) != 0; };
    const auto both = [&](auto enable, auto event) { return on(ctl, enable) && on(sta, event); };
    return on(ctl, field_named<C, "HPIE">{}) &&
           (both(field_named<C, "ABPE">{}, field_named<T, "ABP">{}) ||
            both(field_named<C, "PFDE">{}, field_named<T, "PFD">{}) ||
            both(field_named<C, "MRLSCE">{}, field_named<T, "MRLSC">{}) ||
            both(field_named<C, "PDCE">{}, field_named<T, "PDC">{}) ||
            both(field_named<C, "CCIE">{}, field_named<T, "CC">{}) ||
            both(field_named<C, "DLLSCE">{}, field_named<T, "DLLSC">{}));
}
template <class Device>
constexpr bool slot_interrupt_condition(const Device& d) {
    using S = slot_of<typename Device::space_type>;
    return slot_interrupt_condition<typename S::ctl, typename S::sta>(d.template get<typename S::ctl>(),
                                                                      d.template get<typename S::sta>());
}
template <class Device>
constexpr void tell_slot(Device& d, slot_event e) {
    regspace::detail::notify_parts<notice::slot>(d, [&](auto& part) { part.slot_event(d, e); });
}
// Each edge of the condition is told: a message is sent on the rising edge only (QEMU: a masked
// MSI stays pending), INTx follows both (QEMU: pci_set_irq(hpev_notified)).
template <class Device>
constexpr void slot_interrupt_edge(Device& d, bool was) {
    const bool now = slot_interrupt_condition(d);
    if (now != was) tell_slot(d, now ? slot_event::interrupt : slot_event::interrupt_cleared);
}
// The link follows presence and power: Data Link Layer Link Active, and a change of it reported
// by DLL State Changed where the port reports link state (DLLLARC).
template <class Device>
constexpr void set_link(Device& d, bool active) {
    using S = slot_of<typename Device::space_type>;
    if (!d.template get<typename S::lnkcap, "DLLLARC">()) return;
    if (d.template get<typename S::lnksta, "DLLLA">() == active) return;
    d.template set<typename S::lnksta, "DLLLA">(active);
    d.template set<typename S::sta, "DLLSC">(1);
}
template <class Device>
constexpr bool slot_powered(const Device& d) {
    using S = slot_of<typename Device::space_type>;
    return !d.template get<typename S::cap, "PCP">() || !d.template get<typename S::ctl, "PCC">();
}
template <class Device>
constexpr void remove_from_slot(Device& d) {
    using S = slot_of<typename Device::space_type>;
    d.template set<typename S::sta, "PDS">(0);
    set_link(d, false);
    d.template set<typename S::sta, "PDC">(1);
}

// Slot Control written (the action of SLOTCTL).
struct slot_control_written {
    template <class Device>
    static constexpr void on_write(Device& d, const write_event& e) {
        using S = slot_of<typename Device::space_type>;
        using C = typename S::ctl;
        using T = typename S::sta;
        using F = regspace::detail::field_named<C, "EIC">;
        using PCC = regspace::detail::field_named<C, "PCC">;
        using PIC = regspace::detail::field_named<C, "PIC">;
        const auto field_of = [](std::uint64_t v, auto f) { return (v & decltype(f)::mask) >> decltype(f)::lsb; };
        // The condition before the write: the old control with the status as it is.
        const bool was = slot_interrupt_condition<C, T>(e.old, d.template get<T>());
        // §7.5.3.10: a write of 1 to Electromechanical Interlock Control toggles the interlock;
        // the bit reads 0 (a strobe).
        if (d.template get<typename S::cap, "EIP">() && field_of(e.written, F{}))
            d.template set<T, "EIS">(!d.template get<T, "EIS">());
        if (d.template get<typename S::cap, "PCP">()) {
            const bool was_off = field_of(e.old, PCC{}) != 0, off = field_of(e.now, PCC{}) != 0;
            const bool pic_off = field_of(e.now, PIC{}) == static_cast<unsigned>(indicator::off);
            const bool was_pic_off = field_of(e.old, PIC{}) == static_cast<unsigned>(indicator::off);
            if (off != was_off) tell_slot(d, off ? slot_event::power_off : slot_event::power_on);
            // QEMU's guest-driven removal: power off with the indicator off, unless the slot was
            // already off and dark (guests rewrite the control of an off slot before powering it).
            if (off && pic_off && d.template get<T, "PDS">() && !(was_off && was_pic_off)) {
                remove_from_slot(d);
                tell_slot(d, slot_event::removed_by_guest);
            } else if (d.template get<T, "PDS">()) {
                set_link(d, !off);
            }
        }
        // Every Slot Control write is a command, completed at once (QEMU).
        if (!d.template get<typename S::cap, "NCCS">()) d.template set<T, "CC">(1);
        slot_interrupt_edge(d, was);
    }
    // QEMU's pcie_cap_slot_reset: the port's reset leaves what is plugged plugged (Presence
    // Detect State and the link are sticky); with a power controller the slot is powered if
    // occupied and its indicator follows.
    template <class Device>
    static constexpr void on_reset(Device& d, reset_kind) {
        using S = slot_of<typename Device::space_type>;
        if (!d.template get<typename S::cap, "PCP">()) return;
        const bool occupied = d.template get<typename S::sta, "PDS">();
        d.template set<typename S::ctl, "PCC">(occupied ? 0 : 1);
        if (d.template get<typename S::cap, "PIP">())
            d.template set<typename S::ctl, "PIC">(static_cast<unsigned>(occupied ? indicator::on : indicator::off));
    }
};

// Slot Status written (the action of SLOTSTA): QEMU's guard for guests that write all-ones at
// initialisation: a write with 1s in event bits that were 0 before restores every event bit.
// Clearing the last enabled event drops the interrupt condition.
struct slot_status_written {
    template <class Device>
    static constexpr void on_write(Device& d, const write_event& e) {
        using S = slot_of<typename Device::space_type>;
        using T = typename S::sta;
        using regspace::detail::field_named;
        constexpr std::uint64_t events = field_named<T, "ABP">::mask | field_named<T, "PFD">::mask |
                                         field_named<T, "MRLSC">::mask | field_named<T, "PDC">::mask |
                                         field_named<T, "CC">::mask | field_named<T, "DLLSC">::mask;
        if (e.written & events & ~e.old)
            d.template set<T>(static_cast<typename T::value_type>((e.now & ~events) | (e.old & events)));
        slot_interrupt_edge(d, slot_interrupt_condition<typename S::ctl, T>(d.template get<typename S::ctl>(), e.old));
    }
};

template <class Device>
constexpr void raise_slot_events(Device& d, bool abp, bool pdc) {
    using T = typename slot_of<typename Device::space_type>::sta;
    if (abp) d.template set<T, "ABP">(1);
    if (pdc) d.template set<T, "PDC">(1);
}
}  // namespace detail

// ---- device side ---------------------------------------------------------------------------------

// Whether a configuration space's PCI Express capability implements a slot (a port model's
// logic chooses its notifications by it).
template <class Space>
inline constexpr bool slot_implemented = detail::has_slot<Space>;

// The slot holds a device from power-on: Presence Detect State, the slot powered as the port's
// reset powers an occupied slot (power indicator on, with a power controller), the link up; no
// event.
template <class Device>
constexpr void slot_cold_plug(Device& port) {
    using S = detail::slot_of<typename Device::space_type>;
    static_assert(regspace::detail::reported(detail::port_has_a_slot<typename Device::space_type, S::present>()));
    if constexpr (S::present) {
        port.template set<typename S::sta, "PDS">(1);
        detail::slot_control_written::on_reset(port, reset_kind::cold);
        if (port.template get<typename S::lnkcap, "DLLLARC">()) port.template set<typename S::lnksta, "DLLLA">(1);
    }
}

// Hot-plug a device into the slot (QEMU pcie_cap_slot_plug_cb): refused unless Hot-Plug Capable,
// while the interlock is engaged, or when occupied; then Presence Detect State, the link if the
// slot is powered, and Presence Detect Changed with Attention Button Pressed.
template <class Device>
constexpr slot_result slot_plug(Device& port) {
    using S = detail::slot_of<typename Device::space_type>;
    static_assert(regspace::detail::reported(detail::port_has_a_slot<typename Device::space_type, S::present>()));
    if constexpr (S::present) {
        using T = typename S::sta;
        if (!port.template get<typename S::cap, "HPC">()) return slot_result::refused_no_hot_plug;
        if (port.template get<T, "EIS">()) return slot_result::refused_locked;
        if (port.template get<T, "PDS">()) return slot_result::refused_occupied;
        const bool was = detail::slot_interrupt_condition(port);
        port.template set<T, "PDS">(1);
        if (detail::slot_powered(port)) detail::set_link(port, true);
        detail::raise_slot_events(port, true, true);
        detail::slot_interrupt_edge(port, was);
    }
    return slot_result::done;
}

// Ask to remove the device (QEMU pcie_cap_slot_unplug_request_cb): refused unless Hot-Plug
// Capable, while interlocked, while the power indicator blinks, or when empty. A slot already
// powered off with its indicator off gives the device up at once (Presence Detect Changed);
// otherwise the guest is asked with Attention Button Pressed and removes it by powering the slot
// off (slot_event::removed_by_guest).
template <class Device>
constexpr slot_result slot_request_unplug(Device& port) {
    using S = detail::slot_of<typename Device::space_type>;
    static_assert(regspace::detail::reported(detail::port_has_a_slot<typename Device::space_type, S::present>()));
    if constexpr (S::present) {
        using C = typename S::ctl;
        using T = typename S::sta;
        if (!port.template get<typename S::cap, "HPC">()) return slot_result::refused_no_hot_plug;
        if (port.template get<T, "EIS">()) return slot_result::refused_locked;
        if (port.template get<C, "PIC">() == static_cast<unsigned>(indicator::blink)) return slot_result::refused_busy;
        if (!port.template get<T, "PDS">()) return slot_result::refused_empty;
        const bool was = detail::slot_interrupt_condition(port);
        const bool dark = port.template get<C, "PIC">() == static_cast<unsigned>(indicator::off);
        if (!detail::slot_powered(port) && dark) {
            detail::remove_from_slot(port);
            detail::slot_interrupt_edge(port, was);
            return slot_result::done;
        }
        detail::raise_slot_events(port, true, false);
        detail::slot_interrupt_edge(port, was);
        return slot_result::requested;
    }
    return slot_result::done;
}

// The device went away without asking (surprise removal, a cable pulled): Presence Detect State
// and the link drop, Presence Detect Changed is raised.
template <class Device>
constexpr void slot_surprise_removal(Device& port) {
    using S = detail::slot_of<typename Device::space_type>;
    static_assert(regspace::detail::reported(detail::port_has_a_slot<typename Device::space_type, S::present>()));
    if constexpr (S::present) {
        if (!port.template get<typename S::sta, "PDS">()) return;
        const bool was = detail::slot_interrupt_condition(port);
        detail::remove_from_slot(port);
        detail::slot_interrupt_edge(port, was);
    }
}

// The link went up or down on its own (training, DPC containment, a link disable): DLLLA and DLLSC.
template <class Device>
constexpr void slot_link(Device& port, bool active) {
    using S = detail::slot_of<typename Device::space_type>;
    static_assert(regspace::detail::reported(detail::port_has_a_slot<typename Device::space_type, S::present>()));
    if constexpr (S::present) {
        const bool was = detail::slot_interrupt_condition(port);
        detail::set_link(port, active);
        detail::slot_interrupt_edge(port, was);
    }
}

// Whether the hot-plug interrupt is due now (§6.7.3.4: Hot-Plug Interrupt Enable and an event
// whose enable is set): the level of INTx for a port that signals it that way (the message
// interrupts are sent on its rising edge, as slot_event::interrupt).
template <class Device>
[[nodiscard]] constexpr bool slot_interrupt_pending(const Device& port) {
    using S = detail::slot_of<typename Device::space_type>;
    static_assert(regspace::detail::reported(detail::port_has_a_slot<typename Device::space_type, S::present>()));
    if constexpr (S::present) return detail::slot_interrupt_condition(port);
    else return false;
}

// Whether the slot has power: always without a power controller, else while Power Controller
// Control is 0 (on). What sits in an unpowered slot does not answer (QEMU: has_power false
// reads all-ones, and losing power resets the device).
template <class Device>
[[nodiscard]] constexpr bool slot_powered(const Device& port) {
    using S = detail::slot_of<typename Device::space_type>;
    static_assert(regspace::detail::reported(detail::port_has_a_slot<typename Device::space_type, S::present>()));
    if constexpr (S::present) return detail::slot_powered(port);
    else return false;
}

template <class Device>
[[nodiscard]] constexpr bool slot_occupied(const Device& port) {
    using S = detail::slot_of<typename Device::space_type>;
    static_assert(regspace::detail::reported(detail::port_has_a_slot<typename Device::space_type, S::present>()));
    if constexpr (S::present) return port.template get<typename S::sta, "PDS">() != 0;
    else return false;
}

}  // namespace regspace::pci
