// SPDX-License-Identifier: MIT
// MSI in its four layouts and power management: every writable and read-only bit.
#include <doctest/doctest.h>

#include "devices.hpp"

namespace tests_pci_caps {

using namespace regspace;
using namespace regspace::test;

namespace {
template <unsigned V, bool A64, bool PVM>
void check_msi_layout() {
    using S = typename msi_only<V, A64, PVM>::type;
    using M = p::msi<p::msi_params{.vectors = V, .address_64 = A64, .per_vector_mask = PVM}>;
    device<S> d;
    const unsigned base = 0x60;
    const unsigned mmc = M::mmc;
    CHECK(d.read(base, 1) == 0x05);
    CHECK(d.read(base + 1, 1) == 0);
    const unsigned ctl = static_cast<unsigned>(d.read(base + 2, 2));
    CHECK(((ctl >> 1) & 7) == mmc);
    CHECK(((ctl >> 7) & 1) == A64);
    CHECK(((ctl >> 8) & 1) == PVM);
    // MME accepts every value up to MMC and is clamped above it.
    for (unsigned mme = 0; mme < 8; ++mme) {
        d.write(base + 2, 2, (mme << 4) | 1);
        const unsigned got = static_cast<unsigned>(d.read(base + 2, 2));
        CHECK(((got >> 4) & 7) == (mme <= mmc ? mme : mmc));
        CHECK((got & 1) == 1);
    }
    d.write(base + 2, 2, 0xffff);  // read-only bits unchanged
    CHECK((d.read(base + 2, 2) & 0x18e) == (ctl & 0x18e));
    // Address: bits 1:0 are reserved.
    d.write(base + 4, 4, 0xffffffff);
    CHECK(d.read(base + 4, 4) == 0xfffffffc);
    if constexpr (A64) {
        d.write(base + 8, 4, 0x12345678);
        CHECK(d.read(base + 8, 4) == 0x12345678);
    }
    d.write(base + M::data_offset, 4, 0xffffffff);  // upper half of the dword is reserved
    CHECK(d.read(base + M::data_offset, 4) == 0xffff);
    if constexpr (PVM) {
        const std::uint64_t vec_mask = V == 32 ? 0xffffffffull : (1ull << V) - 1;
        d.write(base + M::mask_offset, 4, 0xffffffff);
        CHECK(d.read(base + M::mask_offset, 4) == vec_mask);
        d.template set<typename M::pending>(0xffffffff);  // device side
        CHECK(d.read(base + M::mask_offset + 4, 4) == vec_mask);
        d.write(base + M::mask_offset + 4, 4, 0);  // read-only to the guest
        CHECK(d.read(base + M::mask_offset + 4, 4) == vec_mask);
        CHECK(d.peek(base + M::mask_offset + 8, 4) == 0);  // past the capability
    } else {
        CHECK(d.read(base + M::data_offset + 2, 2) == 0);
    }
}
}  // namespace

TEST_CASE("MSI: all four layouts, 1 to 32 vectors") {
    check_msi_layout<1, false, false>();
    check_msi_layout<2, true, false>();
    check_msi_layout<4, false, true>();
    check_msi_layout<8, true, true>();
    check_msi_layout<16, true, false>();
    check_msi_layout<32, true, true>();
    static_assert(p::msi<p::msi_params{.address_64 = false}>::bytes == 0x0a);
    static_assert(p::msi<p::msi_params{.address_64 = true}>::bytes == 0x0e);
    static_assert(p::msi<p::msi_params{.address_64 = false, .per_vector_mask = true}>::bytes == 0x14);
    static_assert(p::msi<p::msi_params{.address_64 = true, .per_vector_mask = true}>::bytes == 0x18);
    // The defaults: one vector, 64-bit address, no per-vector masking.
    static_assert(p::msi<>::vectors == 1 && p::msi<>::bytes == 0x0e);
}

TEST_CASE("PM: PMC read-only, PMCSR power state refuses unsupported D1, PME_Status RW1CS") {
    device<nic::type> d;
    CHECK(d.read(0x40, 4) == 0xcc035001u);  // PMC: version 3, D2, PME from D0/D3hot/D3cold
    d.write(0x42, 2, 0);
    CHECK(d.read(0x42, 2) == 0xcc03);
    CHECK(d.read(0x44, 2) == 0x0008);  // D0, No_Soft_Reset
    d.write(0x44, 2, 0x0003);
    CHECK(d.read(0x44, 2) == 0x000b);  // D3hot
    d.write(0x44, 2, 0x0001);          // D1 not supported: refused, stays D3hot
    CHECK(d.read(0x44, 2) == 0x000b);
    d.write(0x44, 2, 0x0002);          // D2 supported
    CHECK(d.read(0x44, 2) == 0x000a);
    d.write(0x44, 2, 0x0100);          // PME_En, back to D0
    d.set<nic_pm::pmcsr, "PME_STATUS">(1);
    CHECK(d.read(0x44, 2) == 0x8108);
    d.reset(reset_kind::warm);         // sticky: PME_En and PME_Status survive
    CHECK(d.read(0x44, 2) == 0x8108);
    d.write(0x45, 1, 0x81);            // RW1C clears PME_Status; PME_En written 1 stays
    CHECK(d.read(0x44, 2) == 0x0108);
    d.reset(reset_kind::cold);
    CHECK(d.read(0x44, 2) == 0x0008);
}
}  // namespace tests_pci_caps
