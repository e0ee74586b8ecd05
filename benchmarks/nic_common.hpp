// SPDX-License-Identifier: MIT
// What the SR-IOV NIC's PF baselines share: the function they model, its size, the valid accesses.
//
// The function they all model (PCI LB 3.0 §6.2, PCI PM 1.2 §3.2, PCI LB 3.0 §6.8, PCIe r6.0
// §7.5.3 and §9.3.3), with what the PF's descriptors add:
//   - BAR0 128 KiB and BAR3 16 KiB 64-bit memory (upper halves in BAR1/BAR4), BAR2 32-byte I/O,
//     BAR5 and the expansion ROM not implemented;
//   - PMCSR: PowerState refuses D1/D2 (not supported: the write keeps the old state), PME_En is
//     sticky (RWS), PME_Status sticky RW1C; No_Soft_Reset set, so D3hot->D0 resets nothing;
//   - MSI: one vector, 64-bit, per-vector mask; Multiple Message Enable is clamped to Multiple
//     Message Capable (0), so it always reads 0;
//   - MSI-X: Function Mask and Enable;
//   - PCIe: Device Control's Initiate FLR reads 0 and a 1 written resets the function: everything
//     returns to its power-on value except the sticky bits (PME_En, PME_Status, Link Control 2's
//     Target Link Speed); Device Status and Link Status RW1C bits; Link Control; Device Control 2;
//   - SR-IOV: NumVFs is RW-L, read-only while VF Enable is set; VF BAR0/VF BAR2 64-bit, 16 KiB per
//     VF, aligned to the System Page Size: a write to System Page Size or to a VF BAR's lower dword
//     clears the address bits below the page (the lowest set bit of System Page Size; 0 is 4 KiB).
//     First VF Offset and VF Stride are constant (80h, 2), so their recomputation changes nothing.
// The PF's hooks (nic::pf_model: its VFs, the platform's function_reset) act outside the config
// space; none of this models them.
//
// Interface shared by all: read(off, size), write(off, size, value) for sizes 1, 2, 4 at any
// offset of the 4 KiB (an invalid size or range reads all-ones of the access size, as regspace
// does, and writes nothing), reset() (cold), plus the typed operations of the `typed` workload.
#pragma once

#include <bit>
#include <cstdint>

namespace bench::nic {

inline constexpr unsigned config_size = 4096;
// The PF's registers end with the SR-IOV capability (100h-13Fh); everything above reads 0.
inline constexpr unsigned registers_end = 0x140;
// `random` draws offsets from [0, random_range): every register of the PF (the header, the four
// standard capabilities and SR-IOV) and the gaps between them. The 3.7 KiB above 13Fh are
// unmapped and answered trivially by every implementation; sampling them would only dilute the
// comparison with accesses to nothing.
inline constexpr unsigned random_range = registers_end;

inline constexpr std::uint32_t size_mask(unsigned size) { return size >= 4 ? 0xffffffffu : (1u << (8 * size)) - 1; }
inline constexpr bool valid(unsigned off, unsigned size) {
    return (size == 1 || size == 2 || size == 4) && off < config_size && size <= config_size - off;
}
// What an invalid access reads: all-ones of its size (regspace's answer; 0 for size 0).
inline constexpr std::uint32_t invalid_read(unsigned size) { return size_mask(size); }

// VF BAR address bits that survive System Page Size `sps` (PCIe r6.0 §9.3.3.13-14): a 16 KiB VF
// BAR is aligned to the page when the page is larger. Page = 4 KiB << (lowest set bit), 4 KiB for 0.
inline constexpr std::uint32_t vf_bar_address_mask(std::uint32_t sps) {
    const unsigned n = sps ? static_cast<unsigned>(std::countr_zero(sps)) : 0;
    const std::uint64_t below_page = (std::uint64_t{4096} << n) - 1;
    return 0xffffc000u & ~static_cast<std::uint32_t>(below_page);
}

}  // namespace bench::nic
