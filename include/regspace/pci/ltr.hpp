// SPDX-License-Identifier: MIT
// regspace/pci/ltr.hpp - the Latency Tolerance Reporting extended capability (PCIe r6.0 §7.8.2):
// the largest snoop and no-snoop latencies software lets the function report (§6.18).
#pragma once

#include <cstdint>

#include <regspace/access.hpp>
#include <regspace/block.hpp>
#include <regspace/field.hpp>
#include <regspace/pci/capability.hpp>
#include <regspace/register.hpp>

namespace regspace::pci {

namespace detail {
// Latency Scale: the value field's unit (§7.8.2.2).
struct latency_scales : values<value<0, "1 ns">, value<1, "32 ns">, value<2, "1024 ns">, value<3, "32768 ns">,
                              value<4, "1048576 ns">, value<5, "33554432 ns">> {};
template <fixed_string Name, unsigned Offset, fixed_string Doc, fixed_string Section>
using max_latency = reg<Name, Offset, 2, doc<Doc>, spec<Section>,
    field<"VALUE", 0, 10, access::rw, 0, "latency value, in units of the scale">,
    field<"SCALE", 10, 3, access::rw, 0, "latency scale", latency_scales>>;
}  // namespace detail

struct ltr {
    static constexpr std::uint16_t id = 0x0018;
    static constexpr bool extended = true;
    static constexpr unsigned bytes = 0x08;
    using max_snoop = detail::max_latency<"MAX_SNOOP_LAT", 0x04, "Max Snoop Latency", "PCIe r6.0 section 7.8.2.2">;
    using max_no_snoop =
        detail::max_latency<"MAX_NO_SNOOP_LAT", 0x06, "Max No-Snoop Latency", "PCIe r6.0 section 7.8.2.3">;
    template <std::uint16_t Next>
    using block = block_of<"LTR", ext_cap_header<id, 1, Next>, max_snoop, max_no_snoop>;
};

}  // namespace regspace::pci
