// SPDX-License-Identifier: MIT
// Security regressions XSA-164 and XSA-337 (issue #7): the MSI-X table's page and the BAR holding it.
#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "security/trapped_page.hpp"

namespace tests_security_xsa_164_337 {

using namespace regspace;
using namespace regspace::test;
using namespace regspace::test::security;

TEST_CASE("XSA-164: writes in the trapped MSI-X page beyond the table change nothing") {
    // XSA-164 (qemu-traditional, hw/pt-msi.c): the MSI-X trap is page granular (the PBA may share
    // the page), and pci_msix_writel() indexed the entry array by the offset without bounds, so
    // guest writes beyond the table corrupted unrelated memory.
    fenced<device<trapped_page>> page;
    auto& t = page.dev;
    program_vectors(t);
    const auto programmed = regspace::detail::device_access::state(t);
    std::array<std::uint8_t, 0x1000> image{};  // what every byte reads: table, PBA, the rest 0
    for (unsigned b = 0; b < 0x1000; ++b) image[b] = state_byte(programmed, b);
    CHECK(image[0x800] == page_pending);

    SUBCASE("every write beyond the table, every size and value, inside the page") {
        // Aligned dwords and qwords are taken (and change nothing here); other sizes and
        // alignments are refused (PCI LB 3.0 §6.8.2) and read all-ones.
        u64 refused = 0;
        for_each_access_within(0x30, 0x1000, {1, 2, 4, 8}, [&](unsigned off, unsigned n) {
            const bool taken = n >= 4 && off % n == 0;
            for (u64 v : hostile_values) {
                t.write(off, n, v);
                if (regspace::detail::device_access::state(t) != programmed) {
                    FAIL(describe_access("write", off, n, v) << " changed the state");
                }
                if (t.last_status() != (taken ? access_status::ok : access_status::size_refused))
                    FAIL(describe_access("write", off, n, v) << " was " << (taken ? "refused" : "taken"));
                refused += taken ? 0 : 1;
            }
            u64 expect = ones(n);
            if (taken) {
                expect = 0;
                for (unsigned i = 0; i < n; ++i) expect |= u64{image[off + i]} << (8 * i);
            }
            if (t.read(off, n) != expect) FAIL("read" << describe_access(off, n) << " returned " << hexstr(t.read(off, n)) << ", not " << hexstr(expect));
            refused += taken ? 0 : 1;
        });
        CHECK(refused > 0);
        CHECK(t.invalid_accesses() == refused);
        CHECK(t.read(0x30, 8) == 0);  // unmapped: read_zero
        CHECK(t.read(0xff8, 8) == 0);
        CHECK(page.intact());
    }
    SUBCASE("writes over the last entry and past it: only the entry's own bits") {
        t.write(0x2c, 8, ~u64{0});  // vector 2's control, then 4 bytes past the table: misaligned
        CHECK(t.last_status() == access_status::size_refused);
        CHECK(regspace::detail::device_access::state(t) == programmed);
        t.write(0x2c, 4, ~u64{0});
        t.write(0x30, 8, ~u64{0});  // past the table
        CHECK(t.get<p::msix::vector_control, "MASK">(2) == 1);
        CHECK(t.read(0x2c, 4) == 1);  // the mask bit only; 31:1 reserved
        CHECK(t.read(0x30, 4) == 0);
        auto expect = programmed;
        expect[5] |= u64{1} << 32;
        CHECK(regspace::detail::device_access::state(t) == expect);
        t.write(0x2e, 4, ~u64{0});  // vector control's reserved bytes and past the table
        t.write(0x2f, 2, ~u64{0});
        CHECK(regspace::detail::device_access::state(t) == expect);
        t.write(0x28, 8, 0x0000000012345678ull);  // data and control of the last vector
        CHECK(t.get<p::msix::data>(2) == 0x12345678);
        CHECK(t.get<p::msix::vector_control, "MASK">(2) == 0);
        CHECK(page.intact());
    }
    SUBCASE("writes crossing or past the end of the page are refused") {
        const u64 invalid = t.invalid_accesses();
        const std::array<std::pair<unsigned, unsigned>, 9> refused = {{{0xffc, 8}, {0xfff, 2}, {0xffe, 4}, {0xff9, 8},
            {0x1000, 1}, {0x1008, 8}, {0x10000, 4}, {0xfffffff8, 8}, {0xffffffff, 1}}};
        for (const auto& [at, size] : refused) {
            const unsigned off = at, n = size;  // (Clang before 16 cannot capture a binding in INFO)
            INFO(describe_access(off, n));
            t.write(off, n, ~u64{0});
            CHECK(t.last_status() == access_status::out_of_range);
            CHECK(t.read(off, n) == ones(n));
        }
        CHECK(t.invalid_accesses() == invalid + 2 * refused.size());
        CHECK(regspace::detail::device_access::state(t) == programmed);
        CHECK(page.intact());
    }
    SUBCASE("the device side cannot index past the table either") {
        CHECK(t.read<p::msix::vector_control>(3) == 0xffffffff);
        t.write<p::msix::data>(0xdead, 3);
        t.set<p::msix::data>(0xdead, 3);
        t.set<p::msix::pending>(~u64{0}, 1);  // one PBA qword: element 1 does not exist
        CHECK(t.get<p::msix::data>(3) == 0);
        CHECK(regspace::detail::device_access::state(t) == programmed);
        device<page_fn::type> cfg;
        cfg.write(0x72, 2, 0x8000);  // MSI-X enabled
        unsigned delivered = 0;
        for (unsigned v : {3u, 64u, 2047u, 0xffffffffu})
            CHECK(!p::msix_signal<page_cap>(cfg, t, t, v, [&](u64, std::uint32_t) { ++delivered; }));
        CHECK(delivered == 0);
        CHECK(regspace::detail::device_access::state(t) == programmed);
        CHECK(page.intact());
    }
}

namespace {
// BAR2 (64-bit, 8 KiB) holds the MSI-X table at 0x1000 and the PBA at 0x1800.
using bar_cap = p::msix::capability<p::msix::params{.vectors = 3, .table_bir = 2, .table_offset = 0x1000,
                                                    .pba_bir = 2, .pba_offset = 0x1800, .bar_size = 0x2000}>;
using bar_fn = p::config_space<"xsa337", p::type0<nic_id, p::bars<p::mem32_bar<0x20000>, p::io_bar<32>,
                                                                 p::mem64_bar<0x2000>>>,
                              p::at<bar_cap, 0x70>>;

// The hypervisor's side (Xen's vPCI): it traps the table at the address it cached when memory
// decoding went on, from the BAR and the capability's layout, and never re-reads either.
struct msix_host {
    std::function<u64()> read_bar2;  // the BAR as the device holds it
    bool decoding = false;
    u64 table_trap = 0;
    std::vector<unsigned> refused, moved;
    void decode_changed(bool, bool mem, const p::bar_states&) {
        decoding = mem;
        if (mem) table_trap = read_bar2() + bar_cap::params.table_offset;
    }
    void bar_moved(unsigned slot, const p::bar_state&, const p::bar_state&) { moved.push_back(slot); }
    void bar_move_refused(unsigned slot) { refused.push_back(slot); }
};
using msix_guard = p::bar_guard<msix_host, true>;  // Xen: BARs do not move while decoding
}  // namespace

TEST_CASE("XSA-337: the host uses cached BAR and table values, never ones the guest can change") {
    // XSA-337 (Xen): the MSI-X code re-read the table's BAR and location from device registers
    // the guest (dom0 or a device model) could change, instead of the values it had validated;
    // the fix uses cached values.
    // Here the table's BIR and offset are compile-time constants the guest cannot write, and the
    // BAR holding the table cannot move while memory decoding is on, so the address the host
    // cached when decoding went on stays the BAR's.
    msix_host host;
    device<bar_fn::type, msix_guard> d(msix_guard{&host});
    host.read_bar2 = [&d] { return (d.peek(0x18, 4) & ~u64{0xf}) | (d.peek(0x1c, 4) << 32); };
    const auto consistent = [&] { return !host.decoding || host.table_trap == host.read_bar2() + 0x1000; };
    d.write(0x18, 4, 0xfebe0000);  // firmware places BAR2 and turns memory decoding on
    d.write(0x1c, 4, 0);
    d.write(0x04, 2, 0x0002);
    REQUIRE(host.decoding);
    CHECK(host.table_trap == 0xfebe1000);
    CHECK(d.read(0x74, 4) == 0x00001002);  // Table: offset 0x1000, BIR 2
    CHECK(d.read(0x78, 4) == 0x00001802);  // PBA: offset 0x1800, BIR 2

    SUBCASE("Table and PBA Offset/BIR: every access, every size and value") {
        for_each_access_touching(0x74, 0x7c, 0x100, {1, 2, 4}, [&](unsigned off, unsigned n) {
            for (u64 v : hostile_values) {
                INFO(describe_access("write", off, n, v));
                const auto before = regspace::detail::device_access::state(d);
                d.write(off, n, v);
                REQUIRE(d.read(0x74, 4) == 0x00001002);
                REQUIRE(d.read(0x78, 4) == 0x00001802);
                // Only Message Control's FM and MSIE (0x73 bits 6-7) may have changed.
                auto allowed = before;
                allowed[0x70 / 8] = (allowed[0x70 / 8] & ~(u64{0xc0} << 24)) | (regspace::detail::device_access::state(d)[0x70 / 8] & (u64{0xc0} << 24));
                REQUIRE(regspace::detail::device_access::state(d) == allowed);
                REQUIRE(consistent());
            }
        });
        CHECK(host.table_trap == 0xfebe1000);
    }
    SUBCASE("BAR2 while decoding: every access, every size and value, refused") {
        d.write(0x16, 4, 0xffffffff);  // spanning BAR1 (I/O: its decoding is off) and BAR2
        CHECK(d.peek(0x14, 4) == 0xffff0001);
        CHECK(d.peek(0x18, 4) == 0xfebe0004);
        CHECK(host.refused == std::vector<unsigned>{2});
        for_each_access_touching(0x18, 0x20, 0x40, {1, 2, 4}, [&](unsigned off, unsigned n) {
            for (u64 v : hostile_values) {
                INFO(describe_access("write", off, n, v));
                d.write(off, n, v);
                REQUIRE(d.peek(0x18, 4) == 0xfebe0004);  // address, 64-bit type
                REQUIRE(d.peek(0x1c, 4) == 0);
                REQUIRE(consistent());
            }
        });
        CHECK(host.table_trap == 0xfebe1000);
        CHECK(host.moved.empty());
        REQUIRE(!host.refused.empty());
        for (unsigned slot : host.refused) CHECK(slot == 2);  // the upper dword is BAR2's; BAR4 is unimplemented: never a move
    }
    SUBCASE("a BAR moves only with decoding off, and the host re-caches when it goes back on") {
        d.write(0x04, 2, 0x0000);
        CHECK(!host.decoding);
        d.write(0x18, 4, 0xfd000000);
        CHECK(d.peek(0x18, 4) == 0xfd000004);
        CHECK(host.refused.empty());
        d.write(0x04, 2, 0x0002);
        CHECK(host.table_trap == 0xfd001000);
        CHECK(consistent());
    }
    SUBCASE("through a passthrough view the device's Table/PBA registers are never written") {
        device<bar_fn::type> chip;
        hardware hw{p::config_dump::parse(p::lspci_dump(chip, "01:00.0")), {}};
        p::passthrough_view<hardware> view(&hw, {0x11});
        for_each_access_touching(0x70, 0x7c, 0x100, {1, 2, 4}, [&](unsigned off, unsigned n) {
            for (u64 v : hostile_values) view.write(off, n, v);
        });
        CHECK(hw.read(0x74, 4) == 0x00001002);
        CHECK(hw.read(0x78, 4) == 0x00001802);
        CHECK(!hw.written_within(0x70, 0x73));  // ID, NEXT, TABLE_SIZE: never
        CHECK(!hw.written_within(0x74, 0x7c));  // Table, PBA: never
        REQUIRE(!hw.writes.empty());
        for (const auto& w : hw.writes) {
            CHECK(w.offset == 0x73);
            CHECK(((w.value ^ w.replaced) & ~u64{0xc0}) == 0);  // FM, MSIE
        }
    }
}
}  // namespace tests_security_xsa_164_337
