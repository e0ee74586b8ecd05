// SPDX-License-Identifier: MIT
// regspace/pci/header.hpp - the configuration headers: type 0 (endpoint, header_type0.hpp) and
// type 1 (PCI-to-PCI bridge, header_type1.hpp), with the registers they share
// (header_common.hpp: identity, command_reg, common_header).
#pragma once

#include <regspace/pci/header_common.hpp>
#include <regspace/pci/header_type0.hpp>
#include <regspace/pci/header_type1.hpp>
