// SPDX-License-Identifier: MIT
// regspace/pci/ptm.hpp - the Precision Time Measurement extended capability (PCIe r6.0 §7.9.16):
// which PTM roles the function takes and which software enabled (§6.21).
#pragma once

#include <cstdint>
#include <type_traits>

#include <regspace/access.hpp>
#include <regspace/block.hpp>
#include <regspace/field.hpp>
#include <regspace/pci/capability.hpp>
#include <regspace/register.hpp>

namespace regspace::pci {

struct ptm_params {
    bool requester = true;
    bool responder = false;
    bool root = false;                    // a root port (or RC) that is a time source
    std::uint8_t clock_granularity = 0;   // Local Clock Granularity in ns; 0 not implemented
};

namespace detail {
struct ptm_granularities : values<value<0x00, "not implemented">, value<0xff, "greater than 254 ns">> {};
}  // namespace detail

template <ptm_params P = ptm_params{}>
struct ptm {
    static constexpr std::uint16_t id = 0x001f;
    static constexpr bool extended = true;
    static constexpr unsigned bytes = 0x0c;
    using cap = reg<"PTM_CAP", 0x04, 4, doc<"PTM Capability">, spec<"PCIe r6.0 section 7.9.16.2">,
        bit<"REQUESTER", 0, access::ro, P.requester, "PTM requester capable">,
        bit<"RESPONDER", 1, access::ro, P.responder, "PTM responder capable">,
        bit<"ROOT", 2, access::ro, P.root, "PTM root capable">,
        field<"GRANULARITY", 8, 8, access::ro, P.clock_granularity, "local clock granularity (ns)",
              detail::ptm_granularities>>;
    // Root Select is writable only in a PTM root (§7.9.16.3: otherwise hardwired to 0).
    using ctl = reg<"PTM_CTL", 0x08, 4, doc<"PTM Control">, spec<"PCIe r6.0 section 7.9.16.3">,
        bit<"ENABLE", 0, access::rw, 0, "PTM enable">,
        bit<"ROOT_SELECT", 1, std::conditional_t<P.root, access::rw, access::ro>, 0, "root select">,
        field<"GRANULARITY", 8, 8, access::rw, 0, "effective granularity (ns)", values<value<0, "unknown">>>>;
    template <std::uint16_t Next>
    using block = block_of<"PTM", ext_cap_header<id, 1, Next>, cap, ctl>;
};

}  // namespace regspace::pci
