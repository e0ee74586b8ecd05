// SPDX-License-Identifier: MIT
// An SR-IOV network function, written the way a user describes their own device: a PF with
// 64-bit BARs, MSI, MSI-X, PCI Express, power management and SR-IOV, and its VF.
#pragma once

#include <functional>

#include <regspace.hpp>
#include <regspace/pci.hpp>

namespace nic {
namespace pci = regspace::pci;

// Identity: an Intel 82576-like function (IDs for illustration), class 02 00 00 (Ethernet).
inline constexpr pci::identity pf_id{.vendor = 0x8086, .device = 0x10c9, .class_code = 0x020000,
                                     .revision = 0x01, .subsystem_vendor = 0x8086, .subsystem = 0xa03c,
                                     .int_pin = 1};
inline constexpr pci::identity vf_id{.vendor = 0x8086, .device = 0x10ca, .class_code = 0x020000,
                                     .revision = 0x01, .subsystem_vendor = 0x8086, .subsystem = 0xa03c};

// BAR0: 128 KiB registers (64-bit), BAR2: 32-byte I/O, BAR3: 16 KiB MSI-X table and PBA (64-bit).
using pf_bars = pci::bars<pci::mem64_bar<0x20000>, pci::io_bar<32>, pci::mem64_bar<0x4000>>;
using pm = pci::pm<pci::pm_params{.pme_support = 0x19, .no_soft_reset = true}>;
using msi = pci::msi<pci::msi_params{.vectors = 1, .address_64 = true, .per_vector_mask = true}>;
using msix = pci::msix::capability<pci::msix::params{.vectors = 10, .table_bir = 3, .table_offset = 0,
                                                     .pba_bir = 3, .pba_offset = 0x2000, .bar_size = 0x4000}>;
using express = pci::pcie<pci::pcie_params{.type = pci::port_type::endpoint, .max_payload_supported = 2,
                                           .flr = true, .max_link_speed = 2, .max_link_width = 4}>;
// Each VF: 16 KiB registers and 16 KiB MSI-X, both 64-bit; VFs at PF+0x80, stride 2.
struct vf_routing {
    static constexpr std::uint16_t first_vf_offset(std::uint16_t, bool) { return 0x80; }
    static constexpr std::uint16_t vf_stride(std::uint16_t, bool) { return 2; }
};
using sriov = pci::sriov<pci::sriov_params{.initial_vfs = 8, .total_vfs = 8, .vf_device_id = 0x10ca},
                         pci::bars<pci::mem64_bar<0x4000>, pci::mem64_bar<0x4000>>, vf_routing>;

// A VF's MSI-X lives in its second VF BAR (BAR2: the VF BARs are 64-bit, slots 0-1 and 2-3).
using vf_msix = pci::msix::capability<pci::msix::params{.vectors = 3, .table_bir = 2, .table_offset = 0,
                                                        .pba_bir = 2, .pba_offset = 0x2000, .bar_size = 0x4000}>;
using vf_express = pci::pcie<pci::pcie_params{.type = pci::port_type::endpoint, .flr = true}>;
using vf_config = pci::config_space<"nic-vf", pci::vf_header<vf_id>, pci::at<vf_msix, 0x70>,
                                    pci::at<vf_express, 0xa0>>;

// The PF's hooks: its VFs come and go with VF Enable. A platform learns of both changes here,
// whoever caused them (a config write through any path, a reset): `vfs_moved` after the VFs
// changed, `function_reset` before the PF resets itself (FLR, D3hot->D0), so that state kept
// beside the config space (the MSI-X table) resets with it.
struct pf_model {
    using notified = regspace::notified<pci::notice::vfs_changed, pci::notice::reset>;
    pci::virtual_functions<vf_config::type> vfs;
    std::function<void()> vfs_moved;
    std::function<void(pci::reset_method)> function_reset;
    template <class Pf>
    void vfs_changed(Pf& pf) {
        vfs.sync<sriov>(pf);
        if (vfs_moved) vfs_moved();
    }
    void pci_reset(pci::reset_method m) {
        if (function_reset) function_reset(m);
    }
};

using pf_config = pci::config_space<"nic-pf", pci::type0<pf_id, pf_bars>, pci::at<pm, 0x40>,
                                    pci::at<msi, 0x50>, pci::at<msix, 0x70>, pci::at<express, 0xa0>,
                                    pci::at<sriov, 0x100>>;
using pf_device = regspace::device<pf_config::type, pf_model>;
}  // namespace nic
