// SPDX-License-Identifier: MIT
// regspace-bench: the same devices and workloads on four implementations; names are
// <workload>/<device>/<implementation>, so that `--benchmark_format=json` runs compare
// mechanically (benchmarks/compare.cmake prints ns/access and ratios to handwritten).
//
//   enumerate/mch   SeaBIOS's configuration accesses to the Q35 MCH while QEMU boots it
//                   (benchmarks/traces/seabios-q35-mch.trace, recorded by record-seabios.sh)
//   random/mch      random offsets, sizes 1/2/4, half writes (all-ones, zeros, random values)
//   typed/mch       device-side typed field reads and writes (5 per round)
//   enumerate/nic   the main demo's firmware walk of the SR-IOV NIC's PF (00:02.0): scan,
//                   capabilities, BAR and VF BAR sizing and placement, MSI-X and SR-IOV enable
//                   (benchmarks/traces/demo-q35-nic.trace, recorded by record-demo-nic.sh)
//   random/nic      random offsets in the PF's registers (0h-13Fh, bench::nic::random_range),
//                   sizes 1/2/4, half writes
//   typed/nic       the PF's device-side typed field reads and writes (6 per round)
//   msix_mask/nic   MSI-X Vector Control mask/unmask through the table BAR
// Every benchmark reports items_per_second = accesses (or typed operations) per second.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

#include "mch_baselines.hpp"
#include "mch_regspace.hpp"
#include "msix_baselines.hpp"
#include "nic_baselines.hpp"
#include "nic_regspace.hpp"
#include "workloads.hpp"

namespace {

const std::vector<bench::op>& enumerate_ops() {
    static const auto ops = bench::load_trace(std::string(REGSPACE_TRACE_DIR) + "/seabios-q35-mch.trace");
    return ops;
}
const std::vector<bench::op>& random_ops() {
    static const auto ops = bench::random_ops(1, 4096, 256);
    return ops;
}
const std::vector<bench::op>& nic_enumerate_ops() {
    static const auto ops = bench::load_trace(std::string(REGSPACE_TRACE_DIR) + "/demo-q35-nic.trace");
    return ops;
}
// The PF's registers end at 13Fh (the SR-IOV capability); the 3.7 KiB above are unmapped and read
// 0 in every implementation, so random offsets stay in 0h-13Fh (see bench::nic::random_range).
const std::vector<bench::op>& nic_random_ops() {
    static const auto ops = bench::random_ops(1, 4096, bench::nic::random_range);
    return ops;
}
const std::vector<std::array<std::uint64_t, 4>>& mask_ops() {
    static const auto ops = bench::msix::mask_ops(1, 4096);
    return ops;
}

template <class Impl>
void replay(benchmark::State& state, const std::vector<bench::op>& ops) {
    Impl d;
    std::uint64_t sum = 0;
    for (auto _ : state) {
        sum += bench::replay(d, ops);
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * ops.size()));
}
template <class Impl>
void enumerate(benchmark::State& state) { replay<Impl>(state, enumerate_ops()); }
template <class Impl>
void random(benchmark::State& state) { replay<Impl>(state, random_ops()); }

template <class Impl>
void nic_enumerate(benchmark::State& state) { replay<Impl>(state, nic_enumerate_ops()); }
template <class Impl>
void nic_random(benchmark::State& state) { replay<Impl>(state, nic_random_ops()); }

template <class Impl>
void typed(benchmark::State& state) {
    Impl d;
    std::uint64_t sum = 0;
    unsigned i = 0;
    for (auto _ : state) {
        for (unsigned k = 0; k < 64; ++k) sum += bench::mch::typed_round(d, i++);
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * 64 * bench::mch::typed_ops_per_round));
}
// The PF's state stays in memory between rounds (as in regspace-count): without the clobber the
// compiler keeps its fields in registers and hoists the reads no round changes, so the NIC's round
// folds to a constant.
template <class Impl>
void nic_typed(benchmark::State& state) {
    Impl d;
    benchmark::DoNotOptimize(&d);
    std::uint64_t sum = 0;
    unsigned i = 0;
    for (auto _ : state) {
        for (unsigned k = 0; k < 64; ++k) {
            sum += bench::nic::typed_round(d, i++);
            benchmark::ClobberMemory();
        }
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * 64 * bench::nic::typed_ops_per_round));
}

template <class Impl>
void msix_mask(benchmark::State& state) {
    Impl d;
    std::uint64_t sum = 0;
    const auto& ops = mask_ops();
    for (auto _ : state) {
        for (const auto& o : ops) {
            if (o[0]) d.write(static_cast<unsigned>(o[1]), static_cast<unsigned>(o[2]), o[3]);
            else sum += d.read(static_cast<unsigned>(o[1]), static_cast<unsigned>(o[2]));
        }
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * ops.size()));
}

namespace m = bench::mch;
namespace n = bench::nic;
namespace x = bench::msix;
BENCHMARK(enumerate<m::regspace_impl>)->Name("enumerate/mch/regspace");
BENCHMARK(enumerate<m::handwritten>)->Name("enumerate/mch/handwritten");
BENCHMARK(enumerate<m::qemu_style>)->Name("enumerate/mch/qemu_style");
BENCHMARK(enumerate<m::list_style>)->Name("enumerate/mch/list_style");
BENCHMARK(random<m::regspace_impl>)->Name("random/mch/regspace");
BENCHMARK(random<m::handwritten>)->Name("random/mch/handwritten");
BENCHMARK(random<m::qemu_style>)->Name("random/mch/qemu_style");
BENCHMARK(random<m::list_style>)->Name("random/mch/list_style");
BENCHMARK(typed<m::regspace_impl>)->Name("typed/mch/regspace");
BENCHMARK(typed<m::handwritten>)->Name("typed/mch/handwritten");
BENCHMARK(typed<m::qemu_style>)->Name("typed/mch/qemu_style");
BENCHMARK(typed<m::list_style>)->Name("typed/mch/list_style");
BENCHMARK(nic_enumerate<n::regspace_impl>)->Name("enumerate/nic/regspace");
BENCHMARK(nic_enumerate<n::handwritten>)->Name("enumerate/nic/handwritten");
BENCHMARK(nic_enumerate<n::qemu_style>)->Name("enumerate/nic/qemu_style");
BENCHMARK(nic_enumerate<n::list_style>)->Name("enumerate/nic/list_style");
BENCHMARK(nic_random<n::regspace_impl>)->Name("random/nic/regspace");
BENCHMARK(nic_random<n::handwritten>)->Name("random/nic/handwritten");
BENCHMARK(nic_random<n::qemu_style>)->Name("random/nic/qemu_style");
BENCHMARK(nic_random<n::list_style>)->Name("random/nic/list_style");
BENCHMARK(nic_typed<n::regspace_impl>)->Name("typed/nic/regspace");
BENCHMARK(nic_typed<n::handwritten>)->Name("typed/nic/handwritten");
BENCHMARK(nic_typed<n::qemu_style>)->Name("typed/nic/qemu_style");
BENCHMARK(nic_typed<n::list_style>)->Name("typed/nic/list_style");
BENCHMARK(msix_mask<x::regspace_impl>)->Name("msix_mask/nic/regspace");
BENCHMARK(msix_mask<x::handwritten>)->Name("msix_mask/nic/handwritten");
BENCHMARK(msix_mask<x::qemu_style>)->Name("msix_mask/nic/qemu_style");
BENCHMARK(msix_mask<x::list_style>)->Name("msix_mask/nic/list_style");

}  // namespace

BENCHMARK_MAIN();
