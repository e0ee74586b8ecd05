// SPDX-License-Identifier: MIT
// regspace/q35/profile.hpp - which Q35 MCH the description follows: QEMU 7.2's or the datasheet's.
//
// The two agree on everything QEMU models with intent (IDs, PCIEXBAR decode, PAM, SMRAM/ESMRAMC
// and their lock, QEMU's TSEG/SMBASE extensions). They differ where QEMU leaves the datasheet
// out: QEMU keeps every byte of 0x40-0xFF writable with reset value 0 (hw/pci-host/q35.c sets no
// write mask there), so datasheet registers such as TOLUD or DEVEN are plain scratch under
// qemu_7_2; and QEMU decodes PCIEXBAR's 128 MB / 64 MB base with address bits 26 and 25
// (its MCH_HOST_BRIDGE_PCIEXBAR_128ADMSK / _64ADMSK), where the datasheet uses 27 and 26.
// docs/q35.md lists every difference.
#pragma once

#include <cstdint>

#include <regspace/access.hpp>

namespace regspace::q35 {

// Behaves as `qemu-system-x86_64 -M q35` (QEMU 7.2, Debian 12) answers over qtest.
struct qemu_7_2 {
    static constexpr bool is_datasheet = false;
    // A datasheet field's policy as this profile exposes it: QEMU's scratch bytes are RW.
    template <class DatasheetPolicy>
    using policy = access::rw;
    using others = access::rw;  // bits no field names
    // A datasheet reset value as this profile has it: QEMU resets 0x40-0xFF to 0.
    static constexpr std::uint64_t reset(std::uint64_t) { return 0; }
    // PCIEXBAR base bits beyond 35:28 for 128 MB and 64 MB windows (QEMU's q35.h).
    static constexpr std::uint64_t pciexbar_128m_bits = std::uint64_t{3} << 25;
    static constexpr std::uint64_t pciexbar_64m_bits = std::uint64_t{1} << 25;
    static constexpr std::uint64_t pciexbar_reset = 0xb0000000;  // MCH_HOST_BRIDGE_PCIEXBAR_DEFAULT
    static constexpr std::uint8_t cap_ptr = 0;                  // QEMU shows no CAPID0
};

// Intel 3 Series Express Chipset Family datasheet (316966-001), §5.1 D0:F0 register defaults and
// access; reserved bits RsvdP.
struct datasheet {
    static constexpr bool is_datasheet = true;
    template <class DatasheetPolicy>
    using policy = DatasheetPolicy;
    using others = access::rsvdp;
    static constexpr std::uint64_t reset(std::uint64_t v) { return v; }
    static constexpr std::uint64_t pciexbar_128m_bits = std::uint64_t{1} << 27;
    static constexpr std::uint64_t pciexbar_64m_bits = std::uint64_t{3} << 26;
    static constexpr std::uint64_t pciexbar_reset = 0xe0000000;
    static constexpr std::uint8_t cap_ptr = 0xe0;
};

template <class P>
concept profile = requires {
    { P::is_datasheet } -> std::convertible_to<bool>;
    typename P::others;
};

}  // namespace regspace::q35
