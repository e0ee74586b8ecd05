// SPDX-License-Identifier: MIT
// regspace's MCH for the benchmarks: the library's device over q35::mch<>::space, with the
// interface the baselines share (read, write, and the typed operations).
#pragma once

#include <cstdint>

#include <regspace.hpp>
#include <regspace/q35/mch.hpp>

namespace bench::mch {

class regspace_impl {
    using M = regspace::q35::mch<>;

public:
    void reset() { d_.reset(regspace::reset_kind::cold); }
    std::uint32_t read(unsigned off, unsigned size) { return static_cast<std::uint32_t>(d_.read(off, size)); }
    void write(unsigned off, unsigned size, std::uint32_t v) { d_.write(off, size, v); }

    bool smram_locked() const { return d_.get<M::smram, "D_LCK">(); }
    std::uint64_t pciexbar() const { return d_.get<M::pciexbar>(); }
    void set_pam1_hi(unsigned attr) { d_.set<M::pam<1>, "HIENABLE">(attr); }
    unsigned tolud_mb() const { return static_cast<unsigned>(d_.get<M::tolud, "TOLUD">()); }
    void set_tolud_mb(unsigned mb) { d_.set<M::tolud, "TOLUD">(mb); }

    const regspace::device<M::space>& device() const { return d_; }

private:
    regspace::device<M::space> d_;
};

// The `typed` workload: device-side field reads and writes, the way device models use them.
template <class Impl>
std::uint64_t typed_round(Impl& d, unsigned i) {
    d.set_tolud_mb(i & 0xfff);
    d.set_pam1_hi(i & 3);
    std::uint64_t sum = d.tolud_mb();
    sum += d.smram_locked();
    sum += d.pciexbar() >> 28;
    return sum;
}
inline constexpr unsigned typed_ops_per_round = 5;

}  // namespace bench::mch
