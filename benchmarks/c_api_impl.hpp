// SPDX-License-Identifier: MIT
// The shipped devices through the C ABI (include/regspace/c_api.h, the static regspace-devices
// library), with the interface the other implementations share: what a C or Rust VMM pays per
// access, against regspace inline in C++ (benchmarks/instructions.sh, docs/performance.md).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <regspace/c_api.h>

namespace bench {

// Typed operations resolve their fields once (regspace_field_find), as a VMM would at start-up,
// then use regspace_field_read / regspace_field_write.
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

    // The MCH's typed workload.
    bool smram_locked() const { return get(f_.d_lck) != 0; }
    std::uint64_t pciexbar() const { return get(f_.pciexbar); }
    void set_pam1_hi(unsigned attr) { regspace_field_write(d_, &f_.pam1_hi, attr); }
    unsigned tolud_mb() const { return static_cast<unsigned>(get(f_.tolud)); }
    void set_tolud_mb(unsigned mb) { regspace_field_write(d_, &f_.tolud, mb); }
    // The NIC's typed workload.
    bool msix_enabled() const { return get(f_.msixe) != 0; }
    unsigned num_vfs() const { return static_cast<unsigned>(get(f_.num_vfs)); }
    unsigned max_payload() const { return static_cast<unsigned>(get(f_.mps)); }
    std::uint64_t bar0_address() const { return (get(f_.bar0) & ~0xfu) | get(f_.bar1) << 32; }
    void set_correctable_error(unsigned v) { regspace_field_write(d_, &f_.ced, v); }
    void set_pme_status(unsigned v) { regspace_field_write(d_, &f_.pme_status, v); }

private:
    struct fields {
        regspace_field d_lck, pciexbar, pam1_hi, tolud, msixe, num_vfs, mps, bar0, bar1, ced, pme_status;
    };
    std::uint64_t get(const regspace_field& f) const {
        std::uint64_t v = 0;
        regspace_field_read(d_, &f, &v);
        return v;
    }
    // The fields of whichever device this is; a name not found would make the typed workload
    // read zeros and measure nothing, so it stops the run.
    fields find() const {
        fields f{};
        const auto one = [&](regspace_field& out, const char* reg, const char* field) {
            if (regspace_field_find(d_, 0, reg, 0, field, &out) != REGSPACE_OK) std::abort();
        };
        if (std::string_view(regspace_device_name(d_)) == "q35-mch") {
            one(f.d_lck, "SMRAM", "D_LCK");
            one(f.pciexbar, "PCIEXBAR", nullptr);
            one(f.pam1_hi, "PAM1", "HIENABLE");
            one(f.tolud, "TOLUD", "TOLUD");
        } else {
            one(f.msixe, "MSI-X.MSGCTL", "MSIXE");
            one(f.num_vfs, "NUM_VFS", nullptr);
            one(f.mps, "DEVCTL", "MPS");
            one(f.bar0, "BAR0", nullptr);
            one(f.bar1, "BAR1", nullptr);
            one(f.ced, "DEVSTA", "CED");
            one(f.pme_status, "PMCSR", "PME_STATUS");
        }
        return f;
    }
    regspace_device* d_;
    fields f_ = find();
};

using mch_c_api = c_api_impl<&regspace_q35_mch_create>;
using nic_c_api = c_api_impl<&regspace_sriov_nic_create>;

}  // namespace bench
