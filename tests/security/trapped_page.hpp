// SPDX-License-Identifier: MIT
// The trapped MSI-X page (3-vector table and PBA in one 4 KiB BAR) of XSA-164 and two QEMU CVEs.
#pragma once

#include <type_traits>

#include "security/fixtures.hpp"

namespace regspace::test::security {
// 3 vectors: the table at 0x0 of BAR0 (0x30 bytes), the PBA at 0x800; BAR0 is one 4 KiB page,
// all of which the hypervisor traps.
using page_cap = p::msix::capability<p::msix::params{.vectors = 3, .table_bir = 0, .table_offset = 0,
                                                     .pba_bir = 0, .pba_offset = 0x800, .bar_size = 0x1000}>;
static_assert(page_cap::valid);
using page_fn = p::config_space<"msix page", p::type0<nic_id, p::bars<p::mem32_bar<0x1000>>>, p::at<page_cap, 0x70>>;
using trapped_page = page_cap::table_space;
static_assert(std::is_same_v<trapped_page::unmapped_policy, unmapped::read_zero>);
inline constexpr u64 page_pending = 0x4;  // vector 2 pending

// The page as the guest left it after programming three vectors; the device set vector 2 pending.
template <class Page>
void program_vectors(Page& t) {
    for (unsigned v = 0; v < 3; ++v) {
        t.write(16 * v, 8, 0xfee00000ull + 0x1000 * v);
        t.write(16 * v + 8, 8, 0x40 + v);  // data, unmasked
    }
    t.template set<p::msix::pending>(page_pending);
}
}  // namespace regspace::test::security
