// SPDX-License-Identifier: MIT
// tests/pci/devices.hpp - PCI functions used by the PCI tests.
#pragma once

#include <regspace.hpp>
#include <regspace/pci.hpp>

namespace regspace::test {
namespace p = regspace::pci;

inline constexpr p::identity nic_id{.vendor = 0x8086, .device = 0x10d3, .class_code = 0x020000,
                                    .revision = 0x03, .subsystem_vendor = 0x1af4, .subsystem = 0x1100,
                                    .int_pin = 1};
using nic_bars = p::bars<p::mem32_bar<0x20000>, p::io_bar<32>, p::mem64_bar<0x4000, true>,
                         p::mem64_bar<0x200000000ull>>;
using nic_pm = p::pm<p::pm_params{.d1 = false, .d2 = true, .pme_support = 0x19, .no_soft_reset = true}>;
using nic_msi = p::msi<p::msi_params{.vectors = 8, .address_64 = true, .per_vector_mask = true}>;
using nic = p::config_space<"nic", p::type0<nic_id, nic_bars, p::rom_bar<0x40000>>, p::at<nic_pm, 0x40>,
                            p::at<nic_msi, 0x50>>;

// The other MSI layouts, each alone.
template <unsigned V, bool A64, bool PVM>
using msi_only = p::config_space<"msi", p::type0<nic_id>,
    p::at<p::msi<p::msi_params{.vectors = V, .address_64 = A64, .per_vector_mask = PVM}>, 0x60>>;
}  // namespace regspace::test
