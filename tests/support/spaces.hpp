// SPDX-License-Identifier: MIT
// tests/support/spaces.hpp - small spaces that put every policy at every width, with gaps.
#pragma once

#include <regspace.hpp>

namespace regspace::test {
using namespace regspace;

// One register per policy, each fully covered by one field with a distinctive reset value, at
// widths 1, 2, 4 and 8, packed with gaps so that wide accesses span several policies.
using r_ro     = reg<"RO",     0x00, 4, field<"V", 0, 32, access::ro, 0x11223344>>;
using r_rw     = reg<"RW",     0x04, 2, field<"V", 0, 16, access::rw, 0xa5a5>>;
using r_rw1c   = reg<"RW1C",   0x06, 1, field<"V", 0, 8, access::rw1c, 0xff>>;
// 0x07: gap
using r_rw1s   = reg<"RW1S",   0x08, 1, field<"V", 0, 8, access::rw1s, 0x01>>;
using r_rc     = reg<"RC",     0x09, 1, field<"V", 0, 8, access::rc, 0xc3>>;
using r_wo     = reg<"WO",     0x0a, 2, field<"V", 0, 16, access::wo, 0x1234>>;
using r_rwo    = reg<"RWO",    0x0c, 4, field<"V", 0, 32, access::rwo, 0x0000ffff>>;
using r_hwinit = reg<"HWINIT", 0x10, 2, field<"V", 0, 16, access::hwinit, 0xbeef>>;
using r_rsvd   = reg<"RSVD",   0x12, 2, reserved_as<access::rsvdz>, field<"P", 0, 8, access::rsvdp>,
                                   field<"Z", 8, 8, access::rsvdz>>;
using r_ros    = reg<"ROS",    0x14, 1, field<"V", 0, 8, access::ros, 0x5a>>;
using r_rws    = reg<"RWS",    0x15, 1, field<"V", 0, 8, access::rws, 0x3c>>;
using r_rw1cs  = reg<"RW1CS",  0x16, 2, field<"V", 0, 16, access::rw1cs, 0xf00f>>;
using r_lock   = reg<"LOCK",   0x18, 1, bit<"L", 0, access::rw>, bit<"S", 7, access::rw1s>>;
// 0x19-0x1b: gap
using r_rwl    = reg<"RWL",    0x1c, 4, field<"V", 0, 16, access::rw_lock<"LOCK", "L">, 0x77>,
                                   field<"W", 16, 16, access::rw_lock<"LOCK", "S">>>;
using r_wide   = reg<"WIDE",   0x20, 8, piecewise, field<"LO", 0, 32, access::rw, 0x01234567>,
                                   field<"HI", 32, 24, access::rw1c, 0xabcdef>>;  // bits 56-63 RsvdP
// A register with mixed policies inside one byte and undeclared bits.
using r_mixed  = reg<"MIXED",  0x28, 2, bit<"A", 0, access::rw>, bit<"B", 1, access::rw1c, 1>,
                                   bit<"C", 2, access::ro, 1>, bit<"D", 3, access::rw1s>,
                                   field<"E", 8, 4, access::rws, 0x9>>;
// The MMIO policies: toggle, write-0-to-clear / set, strobe; then all of them in one register.
using r_rw1t   = reg<"RW1T",   0x2a, 2, field<"V", 0, 16, access::rw1t, 0x0ff0>>;
using r_rw0c   = reg<"RW0C",   0x2c, 1, field<"V", 0, 8, access::rw0c, 0xf3>>;
using r_rw0s   = reg<"RW0S",   0x2d, 1, field<"V", 0, 8, access::rw0s, 0x30>>;
using r_strobe = reg<"STROBE", 0x2e, 2, field<"V", 0, 16, access::strobe, 0xffff>>;  // reset: not stored
using r_mmio   = reg<"MMIO",   0x30, 4, bit<"T", 0, access::rw1t, 1>, bit<"C", 1, access::rw0c, 1>,
                                   bit<"S", 2, access::rw0s>, bit<"GO", 3, access::strobe>,
                                   field<"RW", 4, 4, access::rw, 0xa>, field<"T2", 8, 8, access::rw1t>,
                                   field<"GO2", 24, 8, access::strobe>>;
// 0x34-0x3f: gap

template <class... Opts>
using policies_space = space<"policies", 64, r_ro, r_rw, r_rw1c, r_rw1s, r_rc, r_wo, r_rwo, r_hwinit,
                             r_rsvd, r_ros, r_rws, r_rw1cs, r_lock, r_rwl, r_wide, r_mixed, r_rw1t, r_rw0c,
                             r_rw0s, r_strobe, r_mmio, Opts...>;

// The same registers as a block placed twice in an 8 KiB bank, at both ends: big enough to be
// stored sparsely (only the lanes registers cover: detail::lane_map), with unmapped lanes between.
using policies_block = block<"policies", r_ro, r_rw, r_rw1c, r_rw1s, r_rc, r_wo, r_rwo, r_hwinit, r_rsvd, r_ros,
                             r_rws, r_rw1cs, r_lock, r_rwl, r_wide, r_mixed, r_rw1t, r_rw0c, r_rw0s, r_strobe,
                             r_mmio>;
template <class... Opts>
using sparse_policies_space =
    space<"policies, sparse", 0x2000, place<policies_block, 0>, place<policies_block, 0x1fc0>, Opts...>;
using sparse_zero = sparse_policies_space<max_access<8>>;
// The copies 1000h apart: their two runs of lanes are one group (detail::lane_groups), whose
// lookup is by shift and mask; 1FC0h above, two runs tested in turn.
using sparse_ones = space<"policies, sparse", 0x2000, place<policies_block, 0>, place<policies_block, 0x1000>,
                          max_access<8>, unmapped::read_ones>;

// The same with size rules (access_size.hpp): two ranges and a register of its own.
using r_sized = reg<"SIZED", 0x38, 4, accepts<sizes<2, 4>, refused_reads_zero>, field<"V", 0, 32, access::rw, 0x5555aaaa>>;
using sized_zero = policies_space<max_access<8>, range_accepts<0x00, 0x10, sizes<4>, naturally_aligned>,
                                  range_accepts<0x20, 0x30, sizes<1, 2>, writes_only, refused_reads_zero>, r_sized>;

// Every access naturally aligned, by a size rule over the whole space: the guest path does each
// at its own width (device::at_width) instead of lane by lane. Dense with every size; sparse (a
// group of two runs) with all-ones unmapped bytes and dwords and qwords only, like the MSI-X table.
using aligned_zero = policies_space<max_access<8>, range_accepts<0, 64, sizes<1, 2, 4, 8>, naturally_aligned>>;
using aligned_sparse_ones = space<"policies, sparse, aligned", 0x2000, place<policies_block, 0>, place<policies_block, 0x1000>,
                                  max_access<8>, unmapped::read_ones, range_accepts<0, 0x2000, sizes<4, 8>, naturally_aligned>>;
// Two groups in the first quarter of 32 KiB: the lookup first tests their span
// (detail::lane_map::find_byte), dwords only.
using aligned_clustered = space<"policies, clustered, aligned", 0x8000, place<policies_block, 0>,
                                place<policies_block, 0x1fc0>, max_access<8>, range_accepts<0, 0x8000, sizes<4>, naturally_aligned>>;

// No write-once, toggle or write-0 bit: the own-width write is then its masks alone, with the
// columns precomputed for that case (device::mask_columns::stored_or_set).
using aligned_masks = space<"mask policies, aligned", 64, r_ro, r_rw, r_rw1c, r_rw1s, r_rc, r_wo, r_hwinit, r_rsvd,
                            r_ros, r_rws, r_rw1cs, r_lock, r_rwl, r_wide, r_mixed, r_strobe, max_access<8>,
                            range_accepts<0, 64, sizes<1, 2, 4, 8>, naturally_aligned>>;

// The 64-byte space stored sparsely because its description says so.
using forced_sparse = policies_space<max_access<8>, storage::sparse>;

using mmio_zero = policies_space<max_access<8>>;
using mmio_ones = policies_space<max_access<8>, unmapped::read_ones>;
using cfg_zero = policies_space<>;

}  // namespace regspace::test
