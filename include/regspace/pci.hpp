// SPDX-License-Identifier: MIT
// regspace/pci.hpp - PCI configuration space building blocks.
#pragma once

#include <regspace/pci/bar.hpp>
#include <regspace/pci/bar_decode.hpp>
#include <regspace/pci/bar_guard.hpp>
#include <regspace/pci/bus.hpp>
#include <regspace/pci/capability.hpp>
#include <regspace/pci/capability_walk.hpp>
#include <regspace/pci/config_dump.hpp>
#include <regspace/pci/config_mirror.hpp>
#include <regspace/pci/config_space.hpp>
#include <regspace/pci/dma.hpp>
#include <regspace/pci/header.hpp>
#include <regspace/pci/header_common.hpp>
#include <regspace/pci/header_type0.hpp>
#include <regspace/pci/header_type1.hpp>
#include <regspace/pci/host_owned.hpp>
#include <regspace/pci/interrupts.hpp>
#include <regspace/pci/msi.hpp>
#include <regspace/pci/msix.hpp>
#include <regspace/pci/passthrough.hpp>
#include <regspace/pci/pcie.hpp>
#include <regspace/pci/pm.hpp>
#include <regspace/pci/reset.hpp>
#include <regspace/pci/sriov.hpp>
#include <regspace/pci/dump.hpp>
