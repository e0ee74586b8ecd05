// SPDX-License-Identifier: MIT
// examples/pcie_ports.hpp - the PCI Express topology of the Q35 board (q35_board.hpp), as device
// models: a root port whose slot is hot-plug capable, a switch (upstream port, downstream port
// with a slot of its own) and an endpoint whose capabilities live in configuration space only.
//
// The ports carry what Linux's portdrv and pciehp look for: a PCI Express capability with a slot
// (attention button, power controller, both indicators, Hot-Plug Capable, Data Link Layer Link
// Active reporting), one MSI vector for the hot-plug interrupt (INTx when MSI is off), AER and,
// on the ports facing down, ACS. The semantics are regspace's (pci/slot.hpp: QEMU's hot-plug
// rules); the identities are QEMU's generic root port and TI's XIO3130 switch (QEMU's x3130), so
// lspci names them, but the layouts are this file's, not byte copies of QEMU's devices.
//
// port<Config, Logic> is the whole model of one port: the configuration space, and its logic as
// a hooks part that gets the device itself (no back-pointer): the hot-plug interrupt sent as MSI
// or driven on INTx, Secondary Bus Reset and cold resets carried to the bus behind, and a slot
// that is occupied again after the port's reset when something sits at device 0 below it
// (QEMU's pcie_cap_slot_reset looks at the secondary bus the same way).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include <regspace.hpp>
#include <regspace/pci.hpp>
#include <regspace/pci/bus.hpp>
#include <regspace/pci/interrupts.hpp>
#include <regspace/pci/slot.hpp>

namespace ports {
using namespace regspace;

inline constexpr pci::identity root_port_id{.vendor = 0x1b36, .device = 0x000c, .class_code = 0x060400, .int_pin = 1};
inline constexpr pci::identity upstream_id{.vendor = 0x104c, .device = 0x8232, .class_code = 0x060400};
inline constexpr pci::identity downstream_id{.vendor = 0x104c, .device = 0x8233, .class_code = 0x060400, .int_pin = 1};
// QEMU's pseudo vendor, a device ID of our own; class FFh: no driver claims it.
inline constexpr pci::identity endpoint_id{.vendor = 0x1234, .device = 0x5255, .class_code = 0xff0000, .revision = 1,
                                           .subsystem_vendor = 0x1234, .subsystem = 0x0002};

// A slot as pciehp drives it. Gen3 x8 links; the physical slot number is the port's.
constexpr pci::pcie_params slot_port(pci::port_type type, std::uint16_t physical_slot) {
    return pci::pcie_params{.type = type, .max_payload_supported = 1, .max_link_speed = 3, .max_link_width = 8,
                            .slot = true, .physical_slot = physical_slot, .hot_plug = true, .attention_button = true,
                            .power_controller = true, .attention_indicator = true, .power_indicator = true};
}
// The hot-plug interrupt: one vector, the PCIe capability's Interrupt Message Number 0.
using port_msi = pci::msi<pci::msi_params{.vectors = 1, .address_64 = true}>;
// What a port facing down has to isolate peer traffic (§6.12.1.1: SV, TB, RR, CR, UF).
using port_acs = pci::acs<pci::acs_params{.source_validation = true, .translation_blocking = true,
                                          .request_redirect = true, .completion_redirect = true,
                                          .upstream_forwarding = true}>;

template <std::uint16_t PhysicalSlot>
using root_port_config = pci::config_space<"root port", pci::type1<root_port_id>,
    pci::at<pci::pcie<slot_port(pci::port_type::root_port, PhysicalSlot)>, 0x40>, pci::at<port_msi, 0x80>,
    pci::at<pci::aer<pci::aer_params{.root_port = true}>, 0x100>, pci::at<port_acs, 0x140>, pci::at<pci::dpc<>, 0x148>>;
using upstream_config = pci::config_space<"switch upstream port", pci::type1<upstream_id>,
    pci::at<pci::pcie<pci::pcie_params{.type = pci::port_type::upstream_port, .max_payload_supported = 1,
                                       .max_link_speed = 3, .max_link_width = 8}>, 0x40>,
    pci::at<pci::aer<>, 0x100>>;
template <std::uint16_t PhysicalSlot>
using downstream_config = pci::config_space<"switch downstream port", pci::type1<downstream_id>,
    pci::at<pci::pcie<slot_port(pci::port_type::downstream_port, PhysicalSlot)>, 0x40>, pci::at<port_msi, 0x80>,
    pci::at<pci::aer<>, 0x100>, pci::at<port_acs, 0x140>, pci::at<pci::dpc<>, 0x148>>;

// An endpoint with the extended capabilities of PCIe r6.0 chapter 7.8-7.9 that an endpoint
// carries (error reporting, serial number, latency tolerance, L1 PM Substates, ARI, ATS, PRI,
// PASID, PTM), no BARs: something real at the leaves of the topology.
template <std::uint64_t Serial>
using endpoint_config = pci::config_space<"config endpoint", pci::type0<endpoint_id>,
    pci::at<pci::pcie<pci::pcie_params{.max_payload_supported = 1, .max_link_speed = 3, .max_link_width = 4}>, 0x40>,
    pci::at<pci::aer<>, 0x100>, pci::at<pci::device_serial_number<Serial>, 0x140>, pci::at<pci::ltr, 0x150>,
    pci::at<pci::l1_pm_substates<>, 0x158>, pci::at<pci::ari<>, 0x170>, pci::at<pci::ats<>, 0x178>,
    pci::at<pci::pri<>, 0x180>, pci::at<pci::pasid<>, 0x190>, pci::at<pci::ptm<>, 0x198>>;

// What a port's slot tells the platform.
struct port_event {
    pci::slot_event what;
    std::optional<pci::msi_message> msi;  // for an interrupt: the message sent (MSI on, bus mastering on)
};

// The logic of a port (a hooks part). Cfg is its config_space<>; Msi its MSI capability (void:
// none, as on the upstream port).
template <class Cfg, class Msi>
struct port_logic {
    static constexpr bool has_slot = pci::slot_implemented<typename Cfg::type>;
    using notified = std::conditional_t<has_slot, regspace::notified<pci::notice::reset, pci::notice::slot>,
                                        regspace::notified<pci::notice::reset>>;
    using hooked = regspace::hooked<pci::command_reg>;

    pci::bus* secondary = nullptr;                    // the bus behind the port
    std::function<void(const port_event&)> on_event;  // the platform: hot-plug events, messages
    std::function<void(bool)> on_intx;                // the INTx line, when it may have changed

    // Secondary Bus Reset (Bridge Control) hot-resets everything behind the port.
    void pci_reset(pci::reset_method m) const {
        if (m == pci::reset_method::secondary_bus_reset && secondary) secondary->hot_reset();
    }
    void slot_event(auto& port, pci::slot_event e) {
        port_event ev{e, std::nullopt};
        if constexpr (!std::is_void_v<Msi>) {
            if (e == pci::slot_event::interrupt) ev.msi = pci::msi_signal<Msi>(port);
        }
        if (on_event) on_event(ev);
        if (e == pci::slot_event::interrupt || e == pci::slot_event::interrupt_cleared) drive_intx(port);
    }
    // Interrupt Disable changes the line, not the pending state.
    void on_write(pci::command_reg, auto& port, const write_event& e) {
        if ((e.old ^ e.now) & field_mask<pci::command_reg, "INTxD">) drive_intx(port);
    }
    // A cold reset reaches everything below (a warm one arrives through pci::bus::hot_reset); a
    // slot with a device at device 0 below it is occupied again, powered, its link up.
    void on_reset(auto& port, reset_kind k) {
        if (k == reset_kind::cold && secondary) secondary->reset_all(k);
        if constexpr (has_slot) {
            if (secondary && secondary->present(0)) pci::slot_cold_plug(port);
        }
        if (on_intx) on_intx(false);
    }

private:
    // INTx (Status.Interrupt Status and the line) follows the hot-plug condition while MSI is off.
    void drive_intx(auto& port) {
        if constexpr (has_slot) {
            bool msi = false;
            if constexpr (!std::is_void_v<Msi>) msi = pci::msi_enabled<Msi>(port);
            const bool level = pci::set_intx<typename Cfg::header::status>(port, !msi && pci::slot_interrupt_pending(port));
            if (on_intx) on_intx(level);
        }
    }
};

template <class Cfg, class Msi>
using port = device<typename Cfg::type, port_logic<Cfg, Msi>>;

template <std::uint16_t PhysicalSlot>
using root_port = port<root_port_config<PhysicalSlot>, port_msi>;
using upstream_port = port<upstream_config, void>;
template <std::uint16_t PhysicalSlot>
using downstream_port = port<downstream_config<PhysicalSlot>, port_msi>;
template <std::uint64_t Serial>
using endpoint = device<typename endpoint_config<Serial>::type>;

}  // namespace ports
