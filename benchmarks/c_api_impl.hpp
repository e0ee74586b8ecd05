// SPDX-License-Identifier: MIT
// The shipped devices through the C ABI (include/regspace/c_api.h, the static regspace-devices
// library), with the interface the other implementations share: what a C or Rust VMM pays per
// access, against regspace inline in C++ (benchmarks/instructions.sh, docs/performance.md).
#pragma once

#include <cstdint>

#include <regspace/c_api.h>

namespace bench {

template <regspace_device* (*Create)(const regspace_callbacks*)>
class c_api_impl {
public:
    c_api_impl() : d_(Create(nullptr)) {}
    ~c_api_impl() { regspace_destroy(d_); }
    c_api_impl(const c_api_impl&) = delete;
    c_api_impl& operator=(const c_api_impl&) = delete;

    void reset() { regspace_reset(d_, REGSPACE_RESET_COLD); }
    std::uint32_t read(unsigned off, unsigned size) {
        std::uint64_t v = 0;
        regspace_read(d_, 0, off, size, &v);
        return static_cast<std::uint32_t>(v);
    }
    void write(unsigned off, unsigned size, std::uint32_t v) { regspace_write(d_, 0, off, size, v); }

    // The MCH's typed workload, by name (the C ABI's device-side access).
    bool smram_locked() const { return get("SMRAM", "D_LCK") != 0; }
    std::uint64_t pciexbar() const { return get("PCIEXBAR", nullptr); }
    void set_pam1_hi(unsigned attr) { regspace_set_field(d_, 0, "PAM1", 0, "HIENABLE", attr); }
    unsigned tolud_mb() const { return static_cast<unsigned>(get("TOLUD", "TOLUD")); }
    void set_tolud_mb(unsigned mb) { regspace_set_field(d_, 0, "TOLUD", 0, "TOLUD", mb); }

    // The NIC's typed workload, by name.
    bool msix_enabled() const { return get("MSI-X.MSGCTL", "MSIXE") != 0; }
    unsigned num_vfs() const { return static_cast<unsigned>(get("NUM_VFS", nullptr)); }
    unsigned max_payload() const { return static_cast<unsigned>(get("DEVCTL", "MPS")); }
    std::uint64_t bar0_address() const { return (get("BAR0", nullptr) & ~0xfu) | get("BAR1", nullptr) << 32; }
    void set_correctable_error(unsigned v) { regspace_set_field(d_, 0, "DEVSTA", 0, "CED", v); }
    void set_pme_status(unsigned v) { regspace_set_field(d_, 0, "PMCSR", 0, "PME_STATUS", v); }

private:
    std::uint64_t get(const char* reg, const char* field) const {
        std::uint64_t v = 0;
        regspace_get_field(d_, 0, reg, 0, field, &v);
        return v;
    }
    regspace_device* d_;
};

using mch_c_api = c_api_impl<&regspace_q35_mch_create>;
using nic_c_api = c_api_impl<&regspace_sriov_nic_create>;

}  // namespace bench
