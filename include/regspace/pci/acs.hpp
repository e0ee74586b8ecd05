// SPDX-License-Identifier: MIT
// regspace/pci/acs.hpp - the Access Control Services extended capability (PCIe r6.0 §7.7.8):
// which peer-to-peer paths a port or multi-function device blocks or redirects upstream (§6.12),
// what IOMMU groups are made of. The Egress Control Vector is sized by the capability.
#pragma once

#include <cstdint>
#include <type_traits>

#include <regspace/access.hpp>
#include <regspace/block.hpp>
#include <regspace/detail/diagnostic.hpp>
#include <regspace/detail/type_list.hpp>
#include <regspace/field.hpp>
#include <regspace/pci/capability.hpp>
#include <regspace/register.hpp>

namespace regspace::pci {

struct acs_params {
    bool source_validation = false;
    bool translation_blocking = false;
    bool request_redirect = false;
    bool completion_redirect = false;
    bool upstream_forwarding = false;
    bool egress_control = false;
    bool direct_translated = false;
    unsigned egress_vector_bits = 0;  // Egress Control Vector Size, 1-256 (with egress_control)
    // Control fixed at `control` and read-only: a port whose ACS policy the VMM sets, not the guest
    // (the GPUDirect setups where guest writes to ACS Control are blocked).
    bool control_fixed = false;
    std::uint8_t control = 0;
};

namespace detail {
REGSPACE_DETAIL_RULE(acs_egress_vector_size,
                     "pci::acs: egress_vector_bits is 1-256 with egress_control and 0 without",
                     unsigned Bits)
template <acs_params P>
constexpr bool acs_has(unsigned bit) {
    const bool caps[7] = {P.source_validation, P.translation_blocking, P.request_redirect, P.completion_redirect,
                          P.upstream_forwarding, P.egress_control, P.direct_translated};
    return caps[bit];
}
// One ACS Control enable: writable where the capability has the feature (§7.7.8.3: otherwise
// hardwired to 0), or read-only at the VMM's value.
template <acs_params P, unsigned Bit, fixed_string Name, fixed_string Desc>
using acs_enable = bit<Name, Bit,
    std::conditional_t<(acs_has<P>(Bit) && !P.control_fixed), access::rw, access::ro>,
    (P.control_fixed && acs_has<P>(Bit) ? (P.control >> Bit) & 1 : 0), Desc>;
}  // namespace detail

template <acs_params P = acs_params{}>
struct acs {
    static_assert(regspace::detail::reported(detail::acs_egress_vector_size<P.egress_vector_bits,
        (P.egress_control ? (P.egress_vector_bits >= 1 && P.egress_vector_bits <= 256) : P.egress_vector_bits == 0)>()));
    static constexpr std::uint16_t id = 0x000d;
    static constexpr bool extended = true;
    static constexpr unsigned vector_dwords = (P.egress_vector_bits + 31) / 32;
    static constexpr unsigned bytes = 0x08 + 4 * vector_dwords;
    using cap = reg<"ACS_CAP", 0x04, 2, doc<"ACS Capability">, spec<"PCIe r6.0 section 7.7.8.2">,
        bit<"SV", 0, access::ro, P.source_validation, "source validation">,
        bit<"TB", 1, access::ro, P.translation_blocking, "translation blocking">,
        bit<"RR", 2, access::ro, P.request_redirect, "P2P request redirect">,
        bit<"CR", 3, access::ro, P.completion_redirect, "P2P completion redirect">,
        bit<"UF", 4, access::ro, P.upstream_forwarding, "upstream forwarding">,
        bit<"EC", 5, access::ro, P.egress_control, "P2P egress control">,
        bit<"DT", 6, access::ro, P.direct_translated, "direct translated P2P">,
        field<"VECTOR_SIZE", 8, 8, access::ro, (P.egress_vector_bits & 0xff), "egress control vector size",
              values<value<0, "256 bits (or none without EC)">>>>;
    using ctl = reg<"ACS_CTL", 0x06, 2, doc<"ACS Control">, spec<"PCIe r6.0 section 7.7.8.3">,
        detail::acs_enable<P, 0, "SV", "source validation enable">,
        detail::acs_enable<P, 1, "TB", "translation blocking enable">,
        detail::acs_enable<P, 2, "RR", "P2P request redirect enable">,
        detail::acs_enable<P, 3, "CR", "P2P completion redirect enable">,
        detail::acs_enable<P, 4, "UF", "upstream forwarding enable">,
        detail::acs_enable<P, 5, "EC", "P2P egress control enable">,
        detail::acs_enable<P, 6, "DT", "direct translated P2P enable">>;
    // The Egress Control Vector (§7.7.8.4): bit n blocks requests to function/port n. Whole
    // dwords are an array; a last partial dword has only its low bits (the others RsvdP).
    static constexpr unsigned full_dwords = P.egress_vector_bits / 32;
    static constexpr unsigned last_bits = P.egress_vector_bits % 32;
    using vector_block = regspace::block<"ACS egress control vector",
        reg<"EGRESS_VECTOR", 0x00, 4, doc<"Egress Control Vector">, spec<"PCIe r6.0 section 7.7.8.4">,
            field<"BLOCK", 0, 32, access::rw, 0, "block egress to functions/ports 32i..32i+31">>>;
    using vector_last = reg<"EGRESS_VECTOR_LAST", 0x08 + 4 * full_dwords, 4, doc<"Egress Control Vector (last bits)">,
        spec<"PCIe r6.0 section 7.7.8.4">,
        field<"BLOCK", 0, (last_bits ? last_bits : 1), access::rw, 0, "block egress to the last functions/ports">>;
    template <std::uint16_t Next>
    using block = block_of<"ACS", ext_cap_header<id, 1, Next>, cap, ctl,
                           std::conditional_t<(last_bits != 0), reg_list<vector_last>, reg_list<>>>;
    template <unsigned Base>
    using arrays = std::conditional_t<(full_dwords != 0), reg_list<repeat<vector_block, Base + 0x08, (full_dwords ? full_dwords : 1), 4>>,
                                      reg_list<>>;
};

}  // namespace regspace::pci
