// SPDX-License-Identifier: MIT
// The benchmark baselines must compute what regspace computes, or the comparison means nothing:
// every workload of regspace-bench, run on each implementation, gives the same reads and leaves the
// same configuration space.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bank_baselines.hpp"
#include "mch_baselines.hpp"
#include "mch_regspace.hpp"
#include "msix_baselines.hpp"
#include "nic_baselines.hpp"
#include "nic_regspace.hpp"
#include "sriov_nic.hpp"
#include "workloads.hpp"

namespace tests_bench_baselines {

namespace {
template <class Impl>
std::array<std::uint8_t, 256> image(Impl& d) {
    std::array<std::uint8_t, 256> b{};
    for (unsigned i = 0; i < 256; ++i) b[i] = static_cast<std::uint8_t>(d.read(i, 1));
    return b;
}

// Replays `ops` on regspace (ref) and on another implementation: every read equal, and the whole
// space, as image(d) sees it, equal after every write; then 64 rounds of the typed operations,
// interleaved with image checks.
template <class Ref, class Impl, class Image, class Typed>
void replay_same(Ref& ref, Impl& other, const std::vector<bench::op>& ops, Image&& image, Typed&& typed) {
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const bench::op& o = ops[i];
        CAPTURE(i);
        CAPTURE(o.offset);
        CAPTURE(o.size);
        CAPTURE(o.value);
        if (o.write) {
            ref.write(o.offset, o.size, o.value);
            other.write(o.offset, o.size, o.value);
            REQUIRE(image(ref) == image(other));
        } else {
            REQUIRE(ref.read(o.offset, o.size) == other.read(o.offset, o.size));
        }
    }
    for (unsigned i = 0; i < 64; ++i) {
        REQUIRE(typed(ref, i) == typed(other, i));
        REQUIRE(image(ref) == image(other));
    }
}

template <class Impl>
void check_same(const std::vector<bench::op>& ops, const char* name) {
    bench::mch::regspace_impl ref;
    Impl other;
    const std::string impl_workload = name;
    CAPTURE(impl_workload);
    replay_same(ref, other, ops, [](auto& d) { return image(d); },
                [](auto& d, unsigned i) { return bench::mch::typed_round(d, i); });
}
}  // namespace

TEST_CASE("benchmark baselines: the MCH answers every workload exactly as regspace") {
    const auto trace = bench::load_trace(std::string(REGSPACE_TRACE_DIR) + "/seabios-q35-mch.trace");
    REQUIRE(trace.size() > 50);
    for (std::uint64_t seed : {1u, 2u, 3u, 4u}) {
        const auto ops = bench::random_ops(seed, 4000, 256);
        check_same<bench::mch::handwritten>(ops, "handwritten/random");
        check_same<bench::mch::qemu_style>(ops, "qemu_style/random");
        check_same<bench::mch::list_style>(ops, "list_style/random");
    }
    check_same<bench::mch::handwritten>(trace, "handwritten/enumerate");
    check_same<bench::mch::qemu_style>(trace, "qemu_style/enumerate");
    check_same<bench::mch::list_style>(trace, "list_style/enumerate");
}

namespace {
template <class Impl>
void check_table(const std::vector<std::array<std::uint64_t, 4>>& ops, const char* name) {
    bench::msix::regspace_impl ref;
    Impl other;
    CAPTURE(name);
    for (const auto& o : ops) {
        const auto off = static_cast<unsigned>(o[1]), size = static_cast<unsigned>(o[2]);
        if (o[0]) {
            ref.write(off, size, o[3]);
            other.write(off, size, o[3]);
        } else {
            REQUIRE(ref.read(off, size) == other.read(off, size));
        }
    }
    for (unsigned off = 0; off < bench::msix::vectors * 16; off += 4) REQUIRE(ref.read(off, 4) == other.read(off, 4));
    REQUIRE(ref.read(bench::msix::pba_offset, 8) == other.read(bench::msix::pba_offset, 8));
}
}  // namespace

TEST_CASE("benchmark baselines: the MSI-X table answers msix_mask exactly as regspace") {
    const auto ops = bench::msix::mask_ops(7, 20000);
    check_table<bench::msix::handwritten>(ops, "handwritten");
    check_table<bench::msix::qemu_style>(ops, "qemu_style");
    check_table<bench::msix::list_style>(ops, "list_style");
}

// ---- the 1 MiB bank (random/bank) ----

TEST_CASE("benchmark baselines: the 1 MiB bank answers random/bank exactly as regspace") {
    bench::bank::regspace_impl ref;
    bench::bank::handwritten other;
    // Every register's dword, the registers' regions' other dwords, and a dword past each region.
    std::vector<unsigned> watched;
    for (unsigned o = 0; o < 0x40; o += 4) watched.push_back(o);
    for (unsigned o = 0; o < 0x40; o += 4) watched.push_back(bench::bank::irq_base + o);
    for (unsigned q = 0; q <= bench::bank::queues; ++q)
        for (unsigned o = 0; o < 0x20; o += 4) watched.push_back(bench::bank::queue_base + q * bench::bank::queue_stride + o);
    std::size_t writes = 0, refused = 0;
    for (std::uint64_t seed : {1u, 2u, 3u}) {
        const auto ops = bench::bank::random_ops(seed, 20000);
        for (std::size_t i = 0; i < ops.size(); ++i) {
            const bench::op& o = ops[i];
            CAPTURE(seed);
            CAPTURE(i);
            CAPTURE(o.offset);
            CAPTURE(o.size);
            refused += o.size != 4 || o.offset % 4;
            if (o.write) {
                ++writes;
                ref.write(o.offset, o.size, o.value);
                other.write(o.offset, o.size, o.value);
                for (unsigned w : watched) REQUIRE(ref.read(w, 4) == other.read(w, 4));
            } else {
                REQUIRE(ref.read(o.offset, o.size) == other.read(o.offset, o.size));
            }
        }
    }
    CHECK(writes > 20000);
    CHECK(refused > 2000);
    // Registers changed on the way (the workload is not all no-ops)...
    unsigned nonzero = 0;
    for (unsigned w : watched) nonzero += ref.read(w, 4) != 0;
    CHECK(nonzero >= 12);
    // ...and then every dword of the bank agrees.
    for (unsigned off = 0; off < bench::bank::size; off += 4) {
        CAPTURE(off);
        REQUIRE(ref.read(off, 4) == other.read(off, 4));
    }
}

// ---- the SR-IOV NIC's PF configuration space (4 KiB) ----

namespace {
// The whole configuration space, as a guest reading it dword by dword sees it.
template <class Impl>
std::vector<std::uint32_t> nic_image(Impl& d) {
    std::vector<std::uint32_t> w(bench::nic::config_size / 4);
    for (unsigned i = 0; i < w.size(); ++i) w[i] = static_cast<std::uint32_t>(d.read(4 * i, 4));
    return w;
}

template <class Impl>
void check_nic(const std::vector<bench::op>& ops, const char* name) {
    bench::nic::regspace_impl ref;
    Impl other;
    const std::string impl_workload = name;
    CAPTURE(impl_workload);
    REQUIRE(nic_image(ref) == nic_image(other));
    replay_same(ref, other, ops, [](auto& d) { return nic_image(d); },
                [](auto& d, unsigned i) { return bench::nic::typed_round(d, i); });
    // The last round left PME_Status and a correctable error set: an FLR keeps the first (sticky).
    ref.write(0xa8, 2, 0x8000);
    other.write(0xa8, 2, 0x8000);
    REQUIRE(nic_image(ref) == nic_image(other));
    // Invalid accesses: all-ones of the access size, nothing written.
    const unsigned bad[][2] = {{0, 0}, {0, 3}, {0x10, 5}, {0x10, 8}, {0xfff, 2}, {0xffd, 4}, {0x1000, 1}, {0xfffffffe, 4}};
    for (const auto& b : bad) {
        CAPTURE(b[0]);
        CAPTURE(b[1]);
        REQUIRE(ref.read(b[0], b[1]) == other.read(b[0], b[1]));
        ref.write(b[0], b[1], 0xffffffff);
        other.write(b[0], b[1], 0xffffffff);
    }
    REQUIRE(nic_image(ref) == nic_image(other));
    ref.reset();
    other.reset();
    REQUIRE(nic_image(ref) == nic_image(other));
}

bench::op rd(unsigned off, unsigned size) { return {static_cast<std::uint16_t>(off), static_cast<std::uint8_t>(size), false, 0}; }
bench::op wr(unsigned off, unsigned size, std::uint32_t v) {
    return {static_cast<std::uint16_t>(off), static_cast<std::uint8_t>(size), true, v};
}
// What each register's semantics hinge on, in one sequence (random offsets reach these rarely).
std::vector<bench::op> nic_directed() {
    return {
        // BAR sizing: 64-bit BARs and their upper halves, the I/O BAR, no BAR5, no ROM
        wr(0x10, 4, 0xffffffff), rd(0x10, 4), wr(0x14, 4, 0xffffffff), wr(0x18, 4, 0xffffffff), rd(0x18, 4),
        wr(0x1c, 4, 0xffffffff), wr(0x24, 4, 0xffffffff), wr(0x30, 4, 0xffffffff), rd(0x30, 4), wr(0x10, 4, 0x80000000),
        // COMMAND and STATUS in one dword
        wr(0x04, 4, 0xffffffff), wr(0x05, 2, 0x0000),
        // PMCSR: D3hot taken, D1 and D2 refused, PME_En, back to D0
        wr(0x44, 2, 0x0103), wr(0x44, 1, 0x01), wr(0x44, 1, 0x02), wr(0x44, 2, 0x0000), wr(0x45, 1, 0x01),
        // MSI: MME clamped to MMC, reserved address bits, data, one mask bit, pending read-only
        wr(0x52, 2, 0x0071), wr(0x50, 4, 0xffffffff), wr(0x54, 4, 0xffffffff), wr(0x58, 4, 0xffffffff),
        wr(0x5c, 4, 0xffffffff), wr(0x60, 4, 0xffffffff), wr(0x64, 4, 0xffffffff),
        // MSI-X: enable and function mask; table and PBA read-only
        wr(0x72, 2, 0xc000), wr(0x74, 4, 0xffffffff), wr(0x71, 4, 0xffffffff),
        // PCIe: Device Control but FLR, Device Status RW1C, Link Control/Status, DevCtl2, LnkCtl2
        wr(0xa8, 2, 0x7fff), wr(0xaa, 2, 0xffff), wr(0xb0, 4, 0xffffffff), wr(0xc8, 2, 0xffff), wr(0xd0, 2, 0x0001),
        // SR-IOV: NumVFs, then VF Enable (+ VF MSE, ARI) locks it; a crossing write too
        wr(0x110, 2, 4), wr(0x108, 2, 0x0019), wr(0x110, 2, 8), rd(0x110, 2), wr(0x10e, 4, 0xffffffff), rd(0x10c, 4),
        wr(0x108, 2, 0), wr(0x110, 2, 8), wr(0x10a, 2, 0xffff),
        // VF BARs follow System Page Size: 64 KiB, 256 MiB (crossing into VF BAR0), 0, back to 4 KiB
        wr(0x124, 4, 0xffffffff), wr(0x128, 4, 0xffffffff), wr(0x12c, 4, 0xffffffff), wr(0x120, 4, 0x10), rd(0x124, 4),
        wr(0x124, 4, 0xffffffff), rd(0x124, 4), wr(0x11e, 4, 0x0000ffff), wr(0x122, 4, 0x00ffffff), rd(0x120, 4),
        wr(0x120, 4, 0), wr(0x12c, 4, 0xffffffff), wr(0x120, 4, 1), wr(0x124, 4, 0xffffffff),
        // FLR by a write crossing from Device Capabilities; sticky PME_En and Target Link Speed stay
        wr(0x44, 2, 0x0100), wr(0xd0, 2, 0x0001), wr(0xa6, 4, 0x80000000), rd(0x44, 2), rd(0xd0, 2), rd(0xa8, 2),
        // FLR by a dword write that also clears Device Status bits
        wr(0xa8, 2, 0x0010), wr(0xa8, 4, 0x000f8000),
        // gaps and the extended space above the SR-IOV capability: read 0, writes dropped
        wr(0x48, 4, 0xffffffff), wr(0x13c, 4, 0xffffffff), wr(0x200, 4, 0xffffffff), wr(0xffc, 4, 0xffffffff),
        rd(0xffc, 4), rd(0xfff, 1),
        // crossing reads
        rd(0x13e, 2), rd(0x0f, 4), rd(0xa7, 4), rd(0x13d, 4),
    };
}
}  // namespace

TEST_CASE("benchmark baselines: the SR-IOV NIC's PF answers every workload exactly as regspace") {
    const auto trace = bench::load_trace(std::string(REGSPACE_TRACE_DIR) + "/demo-q35-nic.trace");
    REQUIRE(trace.size() > 50);
    const auto directed = nic_directed();
    for (std::uint64_t seed : {1u, 2u, 3u, 4u}) {
        const auto ops = bench::random_ops(seed, 4000, bench::nic::random_range);
        check_nic<bench::nic::handwritten>(ops, "handwritten/random");
        check_nic<bench::nic::qemu_style>(ops, "qemu_style/random");
        check_nic<bench::nic::list_style>(ops, "list_style/random");
    }
    check_nic<bench::nic::handwritten>(trace, "handwritten/enumerate");
    check_nic<bench::nic::qemu_style>(trace, "qemu_style/enumerate");
    check_nic<bench::nic::list_style>(trace, "list_style/enumerate");
    check_nic<bench::nic::handwritten>(directed, "handwritten/directed");
    check_nic<bench::nic::qemu_style>(directed, "qemu_style/directed");
    check_nic<bench::nic::list_style>(directed, "list_style/directed");
}

// regspace_impl takes no hooks: the example's PF device, whose hooks follow VFs and resets outside
// the config space, must leave the same config space on the same accesses.
TEST_CASE("benchmark baselines: the NIC example's hooks do not change its config space") {
    auto same = [](const std::vector<bench::op>& ops) {
        bench::nic::regspace_impl ref;
        nic::pf_device example;
        for (const bench::op& o : ops) {
            if (o.write) {
                ref.write(o.offset, o.size, o.value);
                example.write(o.offset, o.size, o.value);
                REQUIRE(regspace::detail::device_access::state(ref.device()) == regspace::detail::device_access::state(example));
            } else {
                REQUIRE(ref.read(o.offset, o.size) == example.read(o.offset, o.size));
            }
        }
    };
    same(bench::load_trace(std::string(REGSPACE_TRACE_DIR) + "/demo-q35-nic.trace"));
    same(nic_directed());
    for (std::uint64_t seed : {1u, 2u}) same(bench::random_ops(seed, 4000, bench::nic::random_range));
}
}  // namespace tests_bench_baselines
