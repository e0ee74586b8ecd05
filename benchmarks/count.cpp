// SPDX-License-Identifier: MIT
// regspace-count WORKLOAD DEVICE IMPL ROUNDS: runs one of regspace-bench's workloads ROUNDS
// times and prints the number of accesses. benchmarks/instructions.sh runs it under callgrind
// with two ROUNDS values: the difference in instructions over the difference in accesses is the
// instruction count per access, with start-up and trace loading cancelled out.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "bank_baselines.hpp"
#include "mch_baselines.hpp"
#include "mch_regspace.hpp"
#include "msix_baselines.hpp"
#include "nic_baselines.hpp"
#include "nic_regspace.hpp"
#include "null_baseline.hpp"
#include "workloads.hpp"
#if REGSPACE_COUNT_C_API
#include "c_api_impl.hpp"
#endif

namespace {
volatile std::uint64_t sink;

template <class Impl>
std::uint64_t run_mch(const std::string& workload, unsigned rounds) {
    Impl d;
    std::uint64_t sum = 0, accesses = 0;
    if (workload == "typed") {
        for (unsigned r = 0, i = 0; r < rounds; ++r)
            for (unsigned k = 0; k < 64; ++k) sum += bench::mch::typed_round(d, i++);
        accesses = std::uint64_t{rounds} * 64 * bench::mch::typed_ops_per_round;
    } else {
        const auto ops = workload == "enumerate"
                             ? bench::load_trace(std::string(REGSPACE_TRACE_DIR) + "/seabios-q35-mch.trace")
                             : bench::random_ops(1, 4096, 256);
        for (unsigned r = 0; r < rounds; ++r) sum += bench::replay(d, ops);
        accesses = std::uint64_t{rounds} * ops.size();
    }
    sink = sum;
    return accesses;
}
// The device's state is memory the compiler cannot see into between typed rounds (bench.cpp's
// typed/nic does the same with ClobberMemory): otherwise it keeps the PF's fields in registers and
// hoists the reads no round changes, and the whole NIC round folds to a constant.
template <class T>
void clobber(T& d) {
    asm volatile("" : : "r"(&d) : "memory");
}

// The SR-IOV NIC's PF configuration space: the same three workloads (bench.cpp describes them).
template <class Impl>
std::uint64_t run_nic(const std::string& workload, unsigned rounds) {
    Impl d;
    std::uint64_t sum = 0, accesses = 0;
    if (workload == "typed") {
        for (unsigned r = 0, i = 0; r < rounds; ++r)
            for (unsigned k = 0; k < 64; ++k) {
                sum += bench::nic::typed_round(d, i++);
                clobber(d);
            }
        accesses = std::uint64_t{rounds} * 64 * bench::nic::typed_ops_per_round;
    } else {
        const auto ops = workload == "enumerate"
                             ? bench::load_trace(std::string(REGSPACE_TRACE_DIR) + "/demo-q35-nic.trace")
                             : bench::random_ops(1, 4096, bench::nic::random_range);
        for (unsigned r = 0; r < rounds; ++r) sum += bench::replay(d, ops);
        accesses = std::uint64_t{rounds} * ops.size();
    }
    sink = sum;
    return accesses;
}
template <class Impl>
std::uint64_t run_msix(unsigned rounds) {
    Impl d;
    std::uint64_t sum = 0;
    const auto ops = bench::msix::mask_ops(1, 4096);
    for (unsigned r = 0; r < rounds; ++r)
        for (const auto& o : ops) {
            if (o[0]) d.write(static_cast<unsigned>(o[1]), static_cast<unsigned>(o[2]), o[3]);
            else sum += d.read(static_cast<unsigned>(o[1]), static_cast<unsigned>(o[2]));
        }
    sink = sum;
    return std::uint64_t{rounds} * ops.size();
}
// The 1 MiB bank (bank_baselines.hpp): `random` only.
template <class Impl>
std::uint64_t run_bank(unsigned rounds) {
    Impl d;
    std::uint64_t sum = 0;
    const auto ops = bench::bank::random_ops(1, 4096);
    for (unsigned r = 0; r < rounds; ++r) sum += bench::replay(d, ops);
    sink = sum;
    return std::uint64_t{rounds} * ops.size();
}
}  // namespace

int main(int argc, char** argv) {
    if (argc != 5) {
        std::fprintf(stderr, "usage: %s enumerate|random|typed|msix_mask mch|nic|bank regspace|handwritten|qemu_style|list_style|null|c_api ROUNDS\n", argv[0]);
        return 2;
    }
    const std::string w = argv[1], dev = argv[2], impl = argv[3];
    const auto rounds = static_cast<unsigned>(std::strtoul(argv[4], nullptr, 0));
    std::uint64_t n = 0;
    if (dev == "mch" && w != "msix_mask") {
        if (impl == "regspace") n = run_mch<bench::mch::regspace_impl>(w, rounds);
        else if (impl == "handwritten") n = run_mch<bench::mch::handwritten>(w, rounds);
        else if (impl == "qemu_style") n = run_mch<bench::mch::qemu_style>(w, rounds);
        else if (impl == "list_style") n = run_mch<bench::mch::list_style>(w, rounds);
        else if (impl == "null") n = run_mch<bench::null_impl>(w, rounds);
#if REGSPACE_COUNT_C_API
        else if (impl == "c_api") n = run_mch<bench::mch_c_api>(w, rounds);
    } else if (dev == "nic" && (w == "enumerate" || w == "random" || w == "typed") && impl == "c_api") {
        n = run_nic<bench::nic_c_api>(w, rounds);
#endif
    } else if (dev == "nic" && (w == "enumerate" || w == "random" || w == "typed")) {
        if (impl == "regspace") n = run_nic<bench::nic::regspace_impl>(w, rounds);
        else if (impl == "handwritten") n = run_nic<bench::nic::handwritten>(w, rounds);
        else if (impl == "qemu_style") n = run_nic<bench::nic::qemu_style>(w, rounds);
        else if (impl == "list_style") n = run_nic<bench::nic::list_style>(w, rounds);
        else if (impl == "null") n = run_nic<bench::null_impl>(w, rounds);
    } else if (dev == "nic" && w == "msix_mask") {
        if (impl == "regspace") n = run_msix<bench::msix::regspace_impl>(rounds);
        else if (impl == "handwritten") n = run_msix<bench::msix::handwritten>(rounds);
        else if (impl == "qemu_style") n = run_msix<bench::msix::qemu_style>(rounds);
        else if (impl == "list_style") n = run_msix<bench::msix::list_style>(rounds);
        else if (impl == "null") n = run_msix<bench::null_impl>(rounds);
    } else if (dev == "bank" && w == "random") {
        if (impl == "regspace") n = run_bank<bench::bank::regspace_impl>(rounds);
        else if (impl == "handwritten") n = run_bank<bench::bank::handwritten>(rounds);
        else if (impl == "null") n = run_bank<bench::null_impl>(rounds);
    }
    if (n == 0 && rounds != 0) {
        std::fprintf(stderr, "unknown combination %s/%s/%s\n", argv[1], argv[2], argv[3]);
        return 2;
    }
    std::printf("%llu\n", static_cast<unsigned long long>(n));
}
