// SPDX-License-Identifier: MIT
// The `null` implementation: the workloads' own loops around handlers that do nothing. Its count
// is what the harness costs (loading the next access, the branch on read/write, folding the value
// read into the sum); every other implementation's figure minus this one is what its handler
// costs, net (benchmarks/instructions.sh prints both).
//
// The handlers must not be optimised away, or the loop around them would shrink too and the net
// figures would be too large: an empty asm statement takes each argument in a register and may
// have changed it, so the compiler materialises every argument and keeps every call, yet the
// statement emits no instruction. A read returns its (possibly changed) offset, so the sum still
// depends on every read.
#pragma once

#include <cstdint>

namespace bench {

class null_impl {
public:
    void reset() {}
    std::uint32_t read(unsigned off, unsigned size) {
        asm volatile("" : "+r"(off), "+r"(size));
        return off;
    }
    void write(unsigned off, unsigned size, std::uint64_t value) { asm volatile("" : : "r"(off), "r"(size), "r"(value)); }

    // The typed workloads' operations (bench::mch::typed_round, bench::nic::typed_round): each
    // takes or yields a value the compiler cannot see through.
    bool smram_locked() const { return opaque(); }
    std::uint64_t pciexbar() const { return opaque(); }
    void set_pam1_hi(unsigned attr) { sink(attr); }
    unsigned tolud_mb() const { return opaque(); }
    void set_tolud_mb(unsigned mb) { sink(mb); }
    bool msix_enabled() const { return opaque(); }
    unsigned num_vfs() const { return opaque(); }
    unsigned max_payload() const { return opaque(); }
    std::uint64_t bar0_address() const { return opaque(); }
    void set_correctable_error(unsigned v) { sink(v); }
    void set_pme_status(unsigned v) { sink(v); }

private:
    static unsigned opaque() {
        unsigned v = 0;
        asm volatile("" : "+r"(v));
        return v;
    }
    static void sink(unsigned v) { asm volatile("" : : "r"(v)); }
};

}  // namespace bench
