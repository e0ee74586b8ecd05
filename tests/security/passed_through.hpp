// SPDX-License-Identifier: MIT
// The passed-through function of the XSA-120/126/128/129/131 tests and the guest space in front of it.
//
// The passthrough tests share one construction (passed_through below): the guest-facing config
// space emulates COMMAND and MSI, and forwards every other byte (unmapped::forward) to a
// passthrough_view of the physical function, which writes only spec-writable bits. The view also
// keeps host-owned bits itself (pci::host_owned, by default COMMAND's decode bits and MSI's
// enable, address, data and mask bits; "the bare view" subcases of test_xsa_120_126.cpp and
// test_xsa_128_129.cpp); the guest-facing space in front of it is the general pattern for anything
// else a host emulates. `hardware` (fixtures.hpp) stands for the physical function: its bytes plus
// a log of every config write that reached it.
#pragma once

#include <cstdint>

#include "security/fixtures.hpp"

namespace regspace::test::security {
using hw_express = p::pcie<p::pcie_params{.flr = true}>;
// The physical function: one memory BAR; PM at 0x40, MSI (8 vectors, 64-bit, per-vector masks)
// at 0x50, PCI Express at 0x70.
using hw_fn = p::config_space<"hw", p::type0<nic_id, p::bars<p::mem32_bar<4096>>>, p::at<nic_pm, 0x40>,
                              p::at<nic_msi, 0x50>, p::at<hw_express, 0x70>>;

// What the host programmed into the physical function before the guest runs.
inline constexpr u64 host_command = 0x0003;       // I/O and memory decoding on (bus mastering is the guest's)
inline constexpr u64 host_msi_addr = 0xfee01000;  // the host's MSI: its address and vector,
inline constexpr u64 host_msi_data = 0x4041;
inline constexpr u64 host_msi_mask = 0xa5;        // the vectors it keeps masked,
inline constexpr u64 device_pending = 0x02;       // and what the device has pending

inline p::config_dump dump_of_hw() {
    device<hw_fn::type> d;
    return p::config_dump::parse(p::lspci_dump(d, "01:00.0"));
}
inline hardware programmed_hw() {
    hardware hw{dump_of_hw(), {}};
    hw.bytes.write(0x04, 2, host_command);
    hw.bytes.write(0x52, 2, hw.bytes.read(0x52, 2) | 1);  // MSI enabled by the host
    hw.bytes.write(0x54, 4, host_msi_addr);
    hw.bytes.write(0x5c, 2, host_msi_data);
    hw.bytes.write(0x60, 4, host_msi_mask);
    hw.bytes.write(0x64, 4, device_pending);
    return hw;
}

using view_t = p::passthrough_view<hardware>;

// The fallback of the guest-facing space: the bytes it does not emulate go to the view, and only
// those (`owned` has 0xff in each byte of the access the fallback owns).
struct to_view {
    view_t* view = nullptr;
    u64 read(unsigned off, unsigned n) const { return view->read(off, n); }
    void write(unsigned off, unsigned n, u64 v, u64 owned) const {
        for (unsigned i = 0; i < n; ++i)
            if (byte_of(owned, i)) view->write(off + i, 1, byte_of(v, i));
    }
};

// MSI as the guest sees it: emulated whole, as Xen and QEMU's xen_pt shadow every MSI field; the
// host programs the physical MSI with its own address, data and mask bits.
using msi_shadow = block<"MSI (emulated)", nic_msi::msgctl, nic_msi::msgaddr, nic_msi::msguaddr, nic_msi::msgdata,
                         nic_msi::mask, nic_msi::pending>;

// The guest's configuration space: COMMAND and the MSI body are its own; every other byte
// (identity, BARs, PM, capability IDs and links, PCIe) goes through the view to the hardware.
struct guest_space : space<"guest 00:03.0", 256, p::command_reg, place<msi_shadow, 0x50>, unmapped::forward> {};

// The guest's COMMAND is a copy: its decode bits never reach the device. Bus Master Enable does,
// because the device has to DMA for the guest.
struct guest_hooks {
    view_t* view = nullptr;
    using hooked = regspace::hooked<p::command_reg>;
    void on_write(p::command_reg, auto&, const write_event& e) {
        if (!((e.old ^ e.now) & 0x4)) return;
        view->write(0x04, 1, (view->read(0x04, 1) & ~u64{0x4}) | (e.now & 0x4));
    }
};
using guest_device = device<guest_space, guest_hooks, to_view>;

struct passed_through {
    hardware hw = programmed_hw();
    view_t view{&hw, {0x01, 0x05, 0x10}};  // PM, MSI and PCIe visible
    guest_device guest{guest_hooks{&view}, to_view{&view}};
};
}  // namespace regspace::test::security
