// SPDX-License-Identifier: MIT
// regspace/pci/af.hpp - the Conventional PCI Advanced Features capability (ID 13h; PCI Advanced
// Capabilities ECN, 2006): Transactions Pending and Function Level Reset for functions without
// a PCI Express capability (integrated conventional functions). Linux's `af_flr` reset method
// uses it (drivers/pci/pci.c pci_af_flr: TP and FLR both capable).
//
// Initiate FLR is a strobe (reads 0); the write resets the function as Device Control's Initiate
// FLR does (reset_kind::flr, reported as reset_method::af_flr).
#pragma once

#include <cstdint>

#include <regspace/access.hpp>
#include <regspace/block.hpp>
#include <regspace/field.hpp>
#include <regspace/hooks.hpp>
#include <regspace/pci/capability.hpp>
#include <regspace/pci/reset.hpp>
#include <regspace/register.hpp>
#include <regspace/reset_kind.hpp>

namespace regspace::pci {

struct af_params {
    bool transactions_pending = true;  // TP capable (Linux requires it with FLR)
    bool flr = true;                   // FLR capable
};

namespace detail {
// AF Control's Initiate FLR, named once for the register and its action.
template <bool Flr>
using af_initiate_flr = std::conditional_t<Flr, bit<"INITIATE_FLR", 0, access::strobe, 0, "initiate FLR (reads 0)">,
                                           bit<"INITIATE_FLR", 0, access::ro, 0, "initiate FLR (not capable)">>;
using af_flr_written = flr_on_write<af_initiate_flr<true>::mask, reset_method::af_flr>;
}  // namespace detail

template <af_params P = af_params{}>
struct advanced_features {
    static constexpr std::uint8_t id = 0x13;
    static constexpr bool extended = false;
    static constexpr unsigned bytes = 6;

    using length = reg<"AF_LENGTH", 0x02, 1, doc<"AF Structure Length">, spec<"PCI Advanced Capabilities ECN section 2">,
                       field<"LENGTH", 0, 8, access::ro, 6, "structure length in bytes">>;
    using cap = reg<"AF_CAP", 0x03, 1, doc<"AF Capabilities">, spec<"PCI Advanced Capabilities ECN section 2">,
                    bit<"TP", 0, access::ro, P.transactions_pending, "transactions pending capable">,
                    bit<"FLR", 1, access::ro, P.flr, "function level reset capable">>;
    using ctl = reg<"AF_CTL", 0x04, 1, doc<"AF Control">, spec<"PCI Advanced Capabilities ECN section 2">,
                    std::conditional_t<P.flr, action<detail::af_flr_written>, nothing>,
                    detail::af_initiate_flr<P.flr>>;
    // Nothing is ever pending in a model: its transactions complete within the access.
    using sta = reg<"AF_STATUS", 0x05, 1, doc<"AF Status">, spec<"PCI Advanced Capabilities ECN section 2">,
                    bit<"TP", 0, access::ro, 0, "transactions pending">>;

    template <std::uint8_t Next>
    using block = block_of<"AF", cap_header<id, Next>, reg_list<length, cap, ctl, sta>>;
};

}  // namespace regspace::pci
