// SPDX-License-Identifier: MIT
// The SR-IOV NIC's PF configuration space (examples/sriov_nic.hpp: nic::pf_config, 4 KiB) written
// three more ways, each as well as its style allows, for regspace-bench to compare against:
//
//   handwritten  nic_handwritten.hpp: a uint32_t per dword and a switch with constant masks
//   qemu_style   nic_qemu_style.hpp: QEMU's byte arrays, pci_default_write_config() and helpers
//   list_style   nic_list_style.hpp: Xen's vPCI list of register descriptors
//
// The function they model, and what they share: nic_common.hpp. Written from the specs and
// QEMU/Xen's code, not from regspace's folded masks;
// tests/bench/test_baselines.cpp checks that they answer every workload exactly as regspace does.
#pragma once

#include "nic_handwritten.hpp"
#include "nic_list_style.hpp"
#include "nic_qemu_style.hpp"
