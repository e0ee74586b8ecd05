// SPDX-License-Identifier: MIT
// MSI-X: the capability in config space, the table and PBA as an MMIO space.
#include <doctest/doctest.h>

#include <utility>
#include <vector>

#include "devices.hpp"

namespace tests_pci_msix {

using namespace regspace;
using namespace regspace::test;

namespace {
// 40 vectors: the table at 0 of BAR 4 (4 KiB), the PBA at 0x800 of the same BAR.
using cap = p::msix::capability<p::msix::params{.vectors = 40, .table_bir = 4, .table_offset = 0, .pba_bir = 4,
                                                .pba_offset = 0x800, .bar_size = 0x1000}>;
using fn = p::config_space<"msix", p::type0<nic_id, p::bars<p::mem32_bar<4096>>>, p::at<cap, 0x70>>;
using table_dev = device<cap::table_space>;
}  // namespace

TEST_CASE("MSI-X capability: table size, BIR/offset read-only, FM and enable RW") {
    device<fn::type> d;
    CHECK(d.read(0x70, 4) == 0x00270011);  // ID 0x11, last, table size 40-1
    CHECK(d.read(0x74, 4) == 0x00000004);  // table BIR 4, offset 0
    CHECK(d.read(0x78, 4) == 0x00000804);  // PBA BIR 4, offset 0x800
    d.write(0x70, 4, 0xffffffff);
    CHECK(d.read(0x70, 4) == 0xc0270011);
    d.write(0x74, 4, 0xffffffff);
    d.write(0x78, 4, 0);
    CHECK(d.read(0x74, 4) == 0x00000004);
    CHECK(d.read(0x78, 4) == 0x00000804);
    d.write(0x73, 1, 0x00);
    CHECK(d.read(0x72, 2) == 0x0027);
}

TEST_CASE("MSI-X table: entries at reset, writes of each size, mask bit") {
    table_dev t;
    for (unsigned v = 0; v < 40; ++v) {
        CHECK(t.read(16 * v + 12, 4) == 1);  // masked at reset
        CHECK(t.read(16 * v, 8) == 0);
    }
    t.write(16 * 3, 8, 0x00000000fee00004ull);  // qword write: address low + high
    t.write(16 * 3 + 8, 4, 0x4041);
    t.write(16 * 3 + 12, 4, 0);
    CHECK(t.get<p::msix::addr_lo>(3) == 0xfee00004);
    CHECK(t.get<p::msix::data>(3) == 0x4041);
    CHECK(t.get<p::msix::vector_control, "MASK">(3) == 0);
    t.write(16 * 3, 4, 0xfee00007);  // address bits 1:0 are reserved
    CHECK(t.read(16 * 3, 4) == 0xfee00004);
    t.write(16 * 3 + 12, 4, 0xffffffff);  // only the mask bit is writable
    CHECK(t.read(16 * 3 + 12, 4) == 1);
    t.write(16 * 3 + 8, 8, 0x00000000'00001234ull);  // qword over data + vector control
    CHECK(t.read(16 * 3 + 8, 4) == 0x1234);
    CHECK(t.read(16 * 3 + 12, 4) == 0);
    // The table takes aligned dwords and qwords only (PCI LB 3.0 section 6.8.2): a byte, a word or
    // a misaligned access is refused, reads all-ones and changes nothing.
    const std::uint64_t refused_before = t.invalid_accesses();
    t.write(16 * 3 + 9, 2, 0xabcd);
    CHECK(t.last_status() == access_status::size_refused);
    t.write(16 * 3 + 8, 1, 0xff);
    t.write(16 * 3 + 12, 8, ~0ull);  // a qword at a dword boundary
    t.write(16 * 3 + 6, 4, ~0u);
    CHECK(t.read(16 * 3 + 8, 4) == 0x1234);
    CHECK(t.read(16 * 3 + 12, 4) == 0);
    CHECK(t.read(16 * 3 + 6, 4) == 0xffffffff);
    CHECK(t.last_status() == access_status::size_refused);
    CHECK(t.read(16 * 3 + 8, 2) == 0xffff);
    CHECK(t.read(16 * 3 + 4, 8) == ~0ull);
    CHECK(t.invalid_accesses() == refused_before + 7);
}

TEST_CASE("MSI-X PBA: read-only to the guest, set by the device, and past the table reads 0") {
    table_dev t;
    t.set<p::msix::pending>(0x8000000000000001ull, 0);
    t.set<p::msix::pending>(0xff, 1);  // 40 vectors: one PBA qword; element 1 does not exist
    CHECK(t.read(0x800, 8) == 0x8000000000000001ull);
    t.write(0x800, 8, 0);
    CHECK(t.read(0x800, 8) == 0x8000000000000001ull);
    CHECK(t.read(0x804, 4) == 0x80000000);
    CHECK(t.read(0x808, 4) == 0);  // ...so the out-of-range set changed nothing
    CHECK(t.read(0x800, 1) == 0xff);  // the PBA too takes aligned dwords and qwords only
    CHECK(t.last_status() == access_status::size_refused);
    // Between the table (ends at 0x280) and the PBA, and after the PBA: unmapped, reads 0.
    CHECK(t.read(0x280, 8) == 0);
    t.write(0x400, 4, 0xffffffff);
    CHECK(t.read(0x400, 4) == 0);
    CHECK(t.read(0xff8, 8) == 0);
    CHECK(t.read(0xffc, 8) == ~0ull);  // crosses the end of the BAR: invalid
    CHECK(t.last_status() == access_status::out_of_range);
    CHECK(t.read(0x10, 16) == ~0ull);
    CHECK(t.last_status() == access_status::bad_size);
}

TEST_CASE("MSI-X with table and PBA in different BARs") {
    using split = p::msix::capability<p::msix::params{.vectors = 8, .table_bir = 0, .table_offset = 0x2000,
                                                      .pba_bir = 2, .pba_offset = 0, .bar_size = 0x4000}>;
    device<split::table_space> t;
    device<split::pba_space> b;
    CHECK(t.read(0x2000 + 12, 4) == 1);
    CHECK(t.read(0, 8) == 0);
    b.set<p::msix::pending>(0x80);
    CHECK(b.read(0, 8) == 0x80);
}

TEST_CASE("MSI-X delivery: masked vectors go pending, unmasking delivers them") {
    device<fn::type> cfg;
    table_dev t;  // table and PBA share BAR 4: the same device serves both
    std::vector<std::pair<std::uint64_t, std::uint32_t>> sent;
    auto deliver = [&](std::uint64_t a, std::uint32_t d) { sent.emplace_back(a, d); };
    t.write(16 * 5, 4, 0xfee01000);
    t.write(16 * 5 + 8, 4, 0x41);
    CHECK(!p::msix_signal<cap>(cfg, t, t, 5, deliver));  // MSI-X disabled: nothing at all
    CHECK(t.read(0x800, 8) == 0);
    cfg.write(0x72, 2, 0x8000);                           // enable; vector 5 still masked (reset)
    CHECK(!p::msix_signal<cap>(cfg, t, t, 5, deliver));
    CHECK(t.read(0x800, 8) == (1ull << 5));               // pending
    CHECK(sent.empty());
    t.write(16 * 5 + 12, 4, 0);                           // guest unmasks
    CHECK(p::msix_flush_pending<cap>(cfg, t, t, deliver) == 1);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0] == std::pair<std::uint64_t, std::uint32_t>{0xfee01000, 0x41});
    CHECK(t.read(0x800, 8) == 0);
    cfg.write(0x72, 2, 0xc000);                           // function mask
    CHECK(!p::msix_signal<cap>(cfg, t, t, 5, deliver));
    CHECK(p::msix_flush_pending<cap>(cfg, t, t, deliver) == 0);
    cfg.write(0x72, 2, 0x8000);
    CHECK(p::msix_flush_pending<cap>(cfg, t, t, deliver) == 1);
    CHECK(p::msix_signal<cap>(cfg, t, t, 5, deliver));    // unmasked: delivered at once
    CHECK(sent.size() == 3);
    CHECK(!p::msix_signal<cap>(cfg, t, t, 40, deliver));  // no such vector
}
}  // namespace tests_pci_msix
