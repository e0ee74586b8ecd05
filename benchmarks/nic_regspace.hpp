// SPDX-License-Identifier: MIT
// regspace's SR-IOV NIC PF for the benchmarks: the library's device over nic::pf_config (the 4 KiB
// configuration space of examples/sriov_nic.hpp), with the interface the baselines share (read,
// write, reset and the typed operations), and the `typed` workload.
//
// The device takes no hooks. The example's nic::pf_model only acts outside the config space (it
// keeps the VF objects in step through vfs_changed and tells the platform of a function reset), so
// everything the config space does comes from the descriptors themselves: the rules (PMCSR state,
// MSI MME), the actions (Initiate FLR resetting the function, SR-IOV's VF BAR alignment and VF
// routing) and the RW-L NumVFs. tests/bench/test_baselines.cpp checks that nic::pf_device, hooks
// and all, leaves the same config space on the workloads.
#pragma once

#include <cstdint>

#include <regspace.hpp>

#include "sriov_nic.hpp"

namespace bench::nic {

class regspace_impl {
    using bar0 = ::nic::pf_bars::slot_register<0>;
    using bar1 = ::nic::pf_bars::slot_register<1>;

public:
    void reset() { d_.reset(regspace::reset_kind::cold); }
    std::uint32_t read(unsigned off, unsigned size) { return static_cast<std::uint32_t>(d_.read(off, size)); }
    void write(unsigned off, unsigned size, std::uint32_t v) { d_.write(off, size, v); }

    bool msix_enabled() const { return d_.get<::nic::msix::msgctl, "MSIXE">(); }
    unsigned num_vfs() const { return d_.get<::nic::sriov::num>(); }
    unsigned max_payload() const { return static_cast<unsigned>(d_.get<::nic::express::devctl, "MPS">()); }
    std::uint64_t bar0_address() const { return (d_.get<bar0>() & ~0xfu) | std::uint64_t{d_.get<bar1>()} << 32; }
    void set_correctable_error(unsigned v) { d_.set<::nic::express::devsta, "CED">(v); }
    void set_pme_status(unsigned v) { d_.set<::nic::pm::pmcsr, "PME_STATUS">(v); }

    const regspace::device<::nic::pf_config::type>& device() const { return d_; }

private:
    regspace::device<::nic::pf_config::type> d_;
};

// The `typed` workload: what the NIC's device model does on its side between guest accesses:
// report a correctable error and a PME, look at the max payload size the driver chose, whether
// MSI-X is on, how many VFs there are and where BAR0 is.
template <class Impl>
std::uint64_t typed_round(Impl& d, unsigned i) {
    d.set_correctable_error(i & 1);
    d.set_pme_status((i >> 1) & 1);
    std::uint64_t sum = d.max_payload();
    sum += d.msix_enabled();
    sum += d.num_vfs();
    sum += d.bar0_address() >> 17;
    return sum;
}
inline constexpr unsigned typed_ops_per_round = 6;

}  // namespace bench::nic
