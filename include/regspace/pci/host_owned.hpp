// SPDX-License-Identifier: MIT
// regspace/pci/host_owned.hpp - the bits of a passed-through function the host keeps for itself
// (passthrough.hpp's passthrough_view emulates them).
//
// Host-owned bits (host_owned, on by default) are what QEMU's xen_pt and Xen's pciback emulate:
// the guest reads and writes a copy, the device keeps the host's value. COMMAND's I/O and Memory
// Space enables (XSA-120/126: a guest clearing them makes the host's own BAR accesses fail),
// SERR# Enable and INTx Disable; MSI's Enable, Multiple Message Enable (clamped to Multiple
// Message Capable), address, data and mask bits, with Pending reading 0 (XSA-128/129: the host
// programs the physical MSI itself). Bus Master Enable is forwarded: the device has to DMA for
// the guest.
#pragma once

#include <cstdint>

namespace regspace::pci {

// What the host keeps for itself in a passed-through function (see the top of this file).
struct host_owned {
    std::uint16_t command = 0x0503;  // IOSE, MSE, SERRE, INTxD; BME (bit 2) goes to the device
    bool msi = true;                 // MSI Enable, MME, address, data and mask bits; Pending reads 0

    // Nothing emulated: every spec-writable bit reaches the device (a host that layers its own
    // emulation in front of the view, or a trusted guest).
    static constexpr host_owned none() noexcept { return {0, false}; }
};

}  // namespace regspace::pci
