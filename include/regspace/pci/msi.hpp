// SPDX-License-Identifier: MIT
// regspace/pci/msi.hpp - the MSI capability (PCI Local Bus Spec 3.0 §6.8.1), in its four layouts:
// 32- or 64-bit message address, with or without per-vector masking; 1 to 32 vectors.
#pragma once

#include <bit>
#include <cstdint>

#include <regspace/detail/diagnostic.hpp>
#include <regspace/access.hpp>
#include <regspace/block.hpp>
#include <regspace/detail/type_list.hpp>
#include <regspace/field.hpp>
#include <regspace/pci/capability.hpp>
#include <regspace/register.hpp>

namespace regspace::pci {

namespace detail {
// The vector counts Multiple Message Capable and Enable encode (§6.8.1.3); 110b and 111b are reserved.
struct vector_counts : values<value<0, "1 vector">, value<1, "2 vectors">, value<2, "4 vectors">,
                             value<3, "8 vectors">, value<4, "16 vectors">, value<5, "32 vectors">> {};
// Message Control's enable and vector fields, named once for the register and its rules.
using msgctl_msie = bit<"MSIE", 0, access::rw, 0, "MSI enable">;
template <unsigned Mmc>
using msgctl_mmc = field<"MMC", 1, 3, access::ro, Mmc, "multiple message capable (log2)", vector_counts>;
using msgctl_mme = field<"MME", 4, 3, access::rw, 0, "multiple message enable (log2), at most MMC", vector_counts>;

// §6.8.1.3: software must not enable more vectors than the function is capable of. Hardware's
// answer to a larger MME is not defined; we clamp it to MMC. QEMU 7.2 clamps it only while MSI
// is enabled (msi_write_config returns early otherwise), so a disabled function keeps what was
// written: msi_params::mme_clamp picks.
constexpr std::uint64_t clamp_mme(std::uint64_t, std::uint64_t now) {
    using mmc_field = msgctl_mmc<0>;
    const std::uint64_t mmc = (now & mmc_field::mask) >> mmc_field::lsb;
    const std::uint64_t mme = (now & msgctl_mme::mask) >> msgctl_mme::lsb;
    return mme > mmc ? (now & ~msgctl_mme::mask) | (mmc << msgctl_mme::lsb) : now;
}
constexpr std::uint64_t clamp_mme_while_enabled(std::uint64_t old, std::uint64_t now) {
    return (now & msgctl_msie::mask) ? clamp_mme(old, now) : now;
}
}  // namespace detail

// The capability's parameters (the read-only bits of Message Control, §6.8.1.3).
// When Multiple Message Enable is clamped to Multiple Message Capable (detail::clamp_mme).
enum class mme_clamp : std::uint8_t { always, while_enabled /* QEMU 7.2 */ };

struct msi_params {
    unsigned vectors = 1;          // Multiple Message Capable: 1, 2, 4, 8, 16 or 32 vectors
    bool address_64 = true;        // 64 bit address capable: Message Upper Address present
    bool per_vector_mask = false;  // Per-vector masking capable: Mask Bits and Pending Bits present
    mme_clamp clamp = mme_clamp::always;
};

// The rules of these types (regspace/detail/diagnostic.hpp).
namespace detail {
REGSPACE_DETAIL_RULE(msi_vectors_1_to_32,
                     "pci::msi: msi_params::vectors must be 1 to 32 (Multiple Message Capable, PCI LB 3.0 section 6.8.1.3)",
                     unsigned Vectors)
REGSPACE_DETAIL_RULE(msi_vectors_power_of_two,
                     "pci::msi: msi_params::vectors must be a power of two (Multiple Message Capable encodes log2, PCI LB 3.0 section 6.8.1.3)",
                     unsigned Vectors)
}  // namespace detail

template <msi_params P = msi_params{}>
struct msi {
    static_assert(regspace::detail::reported(detail::msi_vectors_1_to_32<P.vectors, (P.vectors >= 1 && P.vectors <= 32)>()));
    static_assert(regspace::detail::reported(detail::msi_vectors_power_of_two<P.vectors, (!(P.vectors >= 1 && P.vectors <= 32) ||
                                                                   std::has_single_bit(P.vectors))>()));
    static constexpr std::uint8_t id = 0x05;
    static constexpr bool extended = false;
    static constexpr msi_params params = P;
    static constexpr unsigned vectors = P.vectors;
    static constexpr unsigned mmc = static_cast<unsigned>(std::bit_width(P.vectors) - 1);
    static constexpr unsigned data_offset = P.address_64 ? 0x0c : 0x08;
    static constexpr unsigned mask_offset = P.address_64 ? 0x10 : 0x0c;
    // Figure 6-9 to 6-12.
    static constexpr unsigned bytes = P.per_vector_mask ? mask_offset + 8 : data_offset + 2;

    using msgctl = reg<"MSGCTL", 0x02, 2, doc<"Message Control">, spec<"PCI LB 3.0 section 6.8.1.3">,
        rule<(P.clamp == mme_clamp::always ? &detail::clamp_mme : &detail::clamp_mme_while_enabled)>,
        detail::msgctl_msie, detail::msgctl_mmc<mmc>, detail::msgctl_mme,
        bit<"AC64", 7, access::ro, P.address_64, "64-bit address capable">,
        bit<"PVM", 8, access::ro, P.per_vector_mask, "per-vector masking capable">>;
    using msgaddr = reg<"MSGADDR", 0x04, 4, doc<"Message Address">, spec<"PCI LB 3.0 section 6.8.1.4">,
                        field<"ADDR", 2, 30, access::rw, 0, "message address [31:2]">>;
    using msguaddr = reg<"MSGUADDR", 0x08, 4, doc<"Message Upper Address">, spec<"PCI LB 3.0 section 6.8.1.5">,
                         field<"UADDR", 0, 32, access::rw, 0, "message upper address">>;
    using msgdata = reg<"MSGDATA", data_offset, 2, doc<"Message Data">, spec<"PCI LB 3.0 section 6.8.1.6">,
                        field<"DATA", 0, 16, access::rw, 0, "message data">>;
    using mask = reg<"MASK", mask_offset, 4, doc<"Mask Bits">, spec<"PCI LB 3.0 section 6.8.1.7">,
                     field<"MASK", 0, P.vectors, access::rw, 0, "per-vector mask">>;
    using pending = reg<"PENDING", mask_offset + 4, 4, doc<"Pending Bits">, spec<"PCI LB 3.0 section 6.8.1.8">,
                        field<"PENDING", 0, P.vectors, access::ro, 0, "pending messages, set by the device side">>;

    template <std::uint8_t Next>
    using block = block_of<"MSI",
        cap_header<id, Next>,
        reg_list<msgctl, msgaddr>,
        std::conditional_t<P.address_64, reg_list<msguaddr>, reg_list<>>,
        reg_list<msgdata>,
        std::conditional_t<P.per_vector_mask, reg_list<mask, pending>,
                           reg_list<>>>;
};

}  // namespace regspace::pci
