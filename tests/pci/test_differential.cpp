// SPDX-License-Identifier: MIT
// Every PCI block against the bit-by-bit reference model: every offset, every access size, random
// values, with resets in between. The reference applies registers' rule<>s (MSI's MME clamp, PM's
// refused power states, ...) as describe<>() exposes them; registers with an action<> (PM's soft
// reset, FLR, SR-IOV's VF Enable and routing) are not written here - an action needs the whole
// device - and are tested by hand in test_caps/test_pcie/test_sriov; their reads are still
// compared.
#include <doctest/doctest.h>

#include <cstdint>

#include "../support/differential.hpp"
#include "../support/reference.hpp"
#include "devices.hpp"

namespace tests_pci_differential {

using namespace regspace;
using namespace regspace::test;

namespace {

template <class Space>
void differential(std::uint64_t seed, int ops) {
    const space_info info = describe<Space>();
    random_differential<Space>(reference::unmapped::zero, seed, ops,
                               [&](unsigned off, unsigned size) { return touches_device_logic(info, off, size); });
}

using express = p::pcie<p::pcie_params{.type = p::port_type::endpoint, .flr = true}>;
using root = p::pcie<p::pcie_params{.type = p::port_type::root_port, .slot = true, .physical_slot = 3}>;
using msix40 = p::msix::capability<p::msix::params{.vectors = 40, .table_bir = 4, .table_offset = 0,
                                                   .pba_bir = 4, .pba_offset = 0x800, .bar_size = 0x1000}>;
using iov = p::sriov<p::sriov_params{.initial_vfs = 4, .total_vfs = 4, .vf_device_id = 0x1234},
                     p::bars<p::mem64_bar<0x4000, true>, p::mem32_bar<0x1000>, p::mem32_bar<0x10000>>>;
using full_ep = p::config_space<"full endpoint", p::type0<nic_id, nic_bars, p::rom_bar<0x40000>>,
                                p::at<nic_pm, 0x40>, p::at<nic_msi, 0x50>, p::at<msix40, 0x70>,
                                p::at<express, 0x80>, p::at<iov, 0x100>>;
constexpr p::identity bridge_id{.vendor = 0x1b36, .device = 0x000c, .class_code = 0x060400};
using full_rp = p::config_space<"root port", p::type1<bridge_id, p::bars<p::mem64_bar<0x1000>>, p::rom_bar<0x800>>,
                                p::at<root, 0x40>>;
using vf = p::config_space<"vf", p::vf_header<nic_id>, p::at<msix40, 0x70>, p::at<express, 0x80>>;
}  // namespace

TEST_CASE("PCI blocks equal the reference model at every offset and size") {
    for (std::uint64_t seed : {3ull, 0xfeedfacecafebeefull}) {
        differential<full_ep::type>(seed, 60000);
        differential<full_rp::type>(seed, 20000);
        differential<vf::type>(seed, 20000);
        differential<msix40::table_space>(seed, 40000);
        differential<msi_only<1, false, false>::type>(seed, 5000);
        differential<msi_only<16, false, true>::type>(seed, 5000);
    }
}
}  // namespace tests_pci_differential
