// SPDX-License-Identifier: MIT
// The Q35 MCH's configuration space (QEMU 7.2 behaviour, as q35::mch<> describes it) written
// three more ways, each as well as its style allows, for regspace-bench to compare against:
//
//   handwritten  mch_handwritten.hpp: a uint32_t per dword and a switch with constant masks
//   qemu_style   mch_qemu_style.hpp: QEMU's byte arrays, pci_default_write_config(), mch_write_config
//   list_style   mch_list_style.hpp: Xen's vPCI list of register descriptors
//
// What they share: mch_common.hpp. All three are written from the datasheet and QEMU's code,
// not from regspace's descriptors;
// tests/bench/test_baselines.cpp checks that they answer every workload exactly as regspace does.
#pragma once

#include "mch_handwritten.hpp"
#include "mch_list_style.hpp"
#include "mch_qemu_style.hpp"
