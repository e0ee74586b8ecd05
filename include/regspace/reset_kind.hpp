// SPDX-License-Identifier: MIT
// regspace/reset_kind.hpp - the kinds of reset a device distinguishes.
//
// What each policy keeps across each kind is its row of access::table (kept_on_warm_reset).
#pragma once

#include <cstdint>

namespace regspace {

enum class reset_kind : std::uint8_t {
    cold,  // power-on / fundamental reset: everything, sticky bits included
    warm,  // hot reset (e.g. secondary bus reset): sticky and HwInit bits survive
    flr    // function-level reset (PCIe r6.0 §6.6.2): sticky and HwInit bits survive
};

}  // namespace regspace
