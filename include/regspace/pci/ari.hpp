// SPDX-License-Identifier: MIT
// regspace/pci/ari.hpp - the Alternative Routing-ID Interpretation extended capability (PCIe r6.0
// §7.8.8). With ARI the 8-bit device and function numbers of a routing ID are one 8-bit function
// number: a device may have functions 0-255, and its functions (SR-IOV VFs too) chain through
// Next Function Number instead of being probed at device numbers 0-31 (§6.13).
#pragma once

#include <cstdint>
#include <type_traits>

#include <regspace/access.hpp>
#include <regspace/block.hpp>
#include <regspace/field.hpp>
#include <regspace/pci/capability.hpp>
#include <regspace/register.hpp>

namespace regspace::pci {

struct ari_params {
    std::uint8_t next_function = 0;  // the next function of this device in the ARI chain; 0 ends it
    bool mfvc_groups = false;        // MFVC Function Groups Capability
    bool acs_groups = false;         // ACS Function Groups Capability
};

template <ari_params P = ari_params{}>
struct ari {
    static constexpr std::uint16_t id = 0x000e;
    static constexpr bool extended = true;
    static constexpr unsigned bytes = 0x08;
    using cap = reg<"ARI_CAP", 0x04, 2, doc<"ARI Capability">, spec<"PCIe r6.0 section 7.8.8.2">,
        bit<"MFVC", 0, access::ro, P.mfvc_groups, "MFVC function groups capability">,
        bit<"ACS", 1, access::ro, P.acs_groups, "ACS function groups capability">,
        field<"NEXT_FN", 8, 8, access::ro, P.next_function, "next function number", values<value<0, "last">>>>;
    // The enables are writable only when their capability is there; Function Group when either is
    // (§7.8.8.3: otherwise hardwired to 0).
    using ctl = reg<"ARI_CTL", 0x06, 2, doc<"ARI Control">, spec<"PCIe r6.0 section 7.8.8.3">,
        bit<"MFVC", 0, std::conditional_t<P.mfvc_groups, access::rw, access::ro>, 0, "MFVC function groups enable">,
        bit<"ACS", 1, std::conditional_t<P.acs_groups, access::rw, access::ro>, 0, "ACS function groups enable">,
        field<"GROUP", 4, 3, std::conditional_t<(P.mfvc_groups || P.acs_groups), access::rw, access::ro>, 0,
              "function group">>;
    template <std::uint16_t Next>
    using block = block_of<"ARI", ext_cap_header<id, 1, Next>, cap, ctl>;
};

// The routing ID of a PF's VF `index` (0-based), §9.3.3.9-10: PF routing ID + First VF Offset +
// index * VF Stride, modulo 2^16 (bus numbers wrap as 16-bit arithmetic does). Without ARI its
// low 3 bits are the function and bits 7:3 the device; with ARI bits 7:0 are all the function.
constexpr std::uint16_t vf_routing_id(std::uint16_t pf_rid, std::uint16_t first_vf_offset, std::uint16_t vf_stride,
                                      unsigned index) {
    return static_cast<std::uint16_t>(pf_rid + first_vf_offset + index * vf_stride);
}

}  // namespace regspace::pci
