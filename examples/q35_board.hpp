// SPDX-License-Identifier: MIT
// The Q35 board the CLI, the demo and the tests share: regspace's Q35 platform with the SR-IOV
// network function of sriov_nic.hpp at 00:02.0. Its VFs appear on bus 0 at their routing IDs
// (PF + First VF Offset + i * VF Stride) while VF Enable is set, and its BARs decode in memory
// and I/O space once assigned and enabled: BAR3 holds the MSI-X table and PBA, each VF's BAR2
// its own. BAR0 and BAR2 (the NIC's register file and I/O ports) are claimed but not modelled:
// they read 0 and ignore writes.
//
// A PCI Express tree (pcie_ports.hpp) hangs off two root ports:
//   00:1c.0  root port, hot-plug slot 1, empty: plug() puts an endpoint into it, the guest
//            takes it out again (or unplug_request() asks it to)
//   00:1d.0  root port, slot 2, holding a switch: upstream port, downstream port with slot 3
//            holding an endpoint
// Bus numbers are 0 at reset, as in QEMU, so nothing behind the root ports answers until
// firmware numbers the buses (assign_bus_numbers below, or a guest's own accesses).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include <regspace/q35/platform.hpp>
#include <regspace/snapshot.hpp>

#include "pcie_ports.hpp"
#include "sriov_nic.hpp"

namespace board {
namespace pci = regspace::pci;

inline constexpr unsigned nic_devfn = 0x10;      // 00:02.0
inline constexpr unsigned hp_port_devfn = 0xe0;  // 00:1c.0
inline constexpr unsigned sw_port_devfn = 0xe8;  // 00:1d.0

using hp_port_type = ports::root_port<1>;
using sw_port_type = ports::root_port<2>;
using dsp_type = ports::downstream_port<3>;
using fixed_ep_type = ports::endpoint<0x0000'5253'0000'0001ull>;
using hot_ep_type = ports::endpoint<0x0000'5253'0000'0002ull>;

// What firmware does first behind bridges (SeaBIOS's pci_bios_init_bus): depth first, through
// the configuration mechanism, each bridge gets its bus as primary, the next free number as
// secondary and the last number found below it as subordinate. Returns the next free number.
template <class Platform>
unsigned assign_bus_numbers(Platform& p, unsigned bus = 0, unsigned next = 1) {
    for (unsigned devfn = 0; devfn < 256; ++devfn) {
        const bool function0 = (devfn & 7) == 0;
        if (p.config_read(bus, devfn, 0x00, 4) == 0xffffffff) {
            if (function0) devfn += 7;
            continue;
        }
        const std::uint64_t header = p.config_read(bus, devfn, 0x0e, 1);
        if ((header & 0x7f) == 1 && next <= 0xff) {
            const unsigned secondary = next++;
            p.config_write(bus, devfn, 0x18, 4, bus | secondary << 8 | 0xffu << 16);  // open while scanning below
            next = assign_bus_numbers(p, secondary, next);
            p.config_write(bus, devfn, 0x18, 4, bus | secondary << 8 | (next - 1) << 16);
        }
        if (function0 && !(header & 0x80)) devfn += 7;
    }
    return next;
}

using nic_table = regspace::device<nic::msix::table_space>;
using vf_table = regspace::device<nic::vf_msix::table_space>;

// The board's members are defined in q35_board.cpp, compiled once (the library
// regspace_q35_board) for the demo, the CLI and the tests: each of them names the devices it
// touches, not every device's guest path, explain and snapshot code (GCC 12: 20 s a TU). The
// devices themselves live there too (parts), the board holds references to them: a reference
// to a device does not instantiate its class, so a translation unit that uses the platform
// alone (the qtest fuzzer) does not build the NIC, its tables and the PCI Express tree, nor
// their destructors (a TU that only makes a board and a qtest session: Clang -O0 5.3 -> 1.9 s,
// GCC -O2 7.8 -> 1.8 s). Like any reference member, they give a const board's devices
// unchanged: save() and observable() are const by contract, not by the compiler.
class q35_board {
    struct parts;
    std::unique_ptr<parts> parts_;  // first: the references below are bound to its members

public:
    q35_board();
    ~q35_board();
    q35_board(const q35_board&) = delete;
    q35_board& operator=(const q35_board&) = delete;

    regspace::q35::platform<>& platform;
    nic::pf_device& nic;
    nic_table& msix_table;
    std::vector<vf_table>& vf_tables;
    hp_port_type& hp_port;
    sw_port_type& sw_port;
    ports::upstream_port& usp;
    dsp_type& dsp;
    fixed_ep_type& fixed_ep;
    hot_ep_type& hot_ep;  // in 00:1c.0's slot while plugged()
    pci::bus hp_bus, sw_bus, usp_bus, dsp_bus;

    // What the ports' slots report (port: "00:1c.0" ...), and their INTx lines.
    std::function<void(const char* port, const ports::port_event&)> on_slot;
    std::function<void(const char* port, bool level)> on_intx;

    // Hot-plug at 00:1c.0 from the device side (QEMU's device_add / device_del): plug() seats the
    // endpoint and raises Presence Detect Changed and Attention Button Pressed; unplug_request()
    // presses the attention button, and the guest removes the device by powering the slot off
    // (or it goes at once if the slot is off and dark); surprise_removal() pulls it.
    pci::slot_result plug();
    pci::slot_result unplug_request();
    void surprise_removal();
    [[nodiscard]] bool plugged() const;

    // Routing ID (bus << 8 | devfn) of VF i.
    [[nodiscard]] unsigned vf_rid(std::size_t i) const;

    // Save and restore the whole board (migration): the platform (MCH, CONFIG_ADDRESS, RST_CNT),
    // the NIC, its MSI-X table, the PCI Express tree's six functions (whether 00:1c.0's slot
    // holds its endpoint follows from the port's Presence Detect State), and each enabled VF with
    // its table, every one a regspace snapshot,
    // in a container "Q35BOARD" | version | sections (4-byte length, bytes) | VF count |
    // FNV-1a checksum. restore() checks every section on scratch devices first and only then
    // replaces the board's state: a refused snapshot leaves the board exactly as it was.
    [[nodiscard]] std::vector<std::uint8_t> save() const;
    regspace::restore_result restore(std::span<const std::uint8_t> bytes);

    // Everything a guest can observe, read without side effects: every present function's config
    // bytes, the MSI-X tables, the memory map and CONFIG_ADDRESS. For comparing two boards
    // (snapshot tests, the snapshot fuzzer).
    [[nodiscard]] std::vector<std::uint64_t> observable() const;

    // The 64-bit memory BAR in slots Slot/Slot+1 of a function's header (0: unassigned).
    template <class Dev>
    static std::uint64_t bar64(const Dev& d, unsigned slot) {
        const std::uint64_t lo = d.peek(0x10 + 4 * slot, 4), hi = d.peek(0x14 + 4 * slot, 4);
        return (lo & ~std::uint64_t{0xf}) | (hi << 32);
    }

private:
    template <class Port>
    void wire(Port& port, pci::bus* secondary, const char* name);
    void sync_vfs();
    bool nic_mmio(std::uint64_t a, unsigned n, bool write, std::uint64_t& v);
    bool nic_io(std::uint64_t port, unsigned n, bool write, std::uint64_t& v);

    std::vector<unsigned> attached_;
};

}  // namespace board
