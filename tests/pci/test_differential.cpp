// Every PCI block against the bit-by-bit reference model: every offset, every access size, random
// values, with resets in between. Registers with device logic (rule<>/action<>: MSI's MME clamp,
// PM's refused states and soft reset, FLR, SR-IOV's routing rule) are not written here - the
// reference knows only policies - and are tested by hand in test_caps/test_pcie/test_sriov;
// their reads are still compared.
#include <doctest/doctest.h>

#include <cstdint>
#include <ios>

#include "../support/reference.hpp"
#include "devices.hpp"

using namespace regspace;
using namespace regspace::test;

namespace {
struct rng {
    std::uint64_t s;
    std::uint64_t next() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        return s;
    }
};

bool touches_device_logic(const space_info& info, unsigned off, unsigned size) {
    for (const register_info& r : info.registers) {
        if (!r.has_device_logic) continue;
        for (unsigned e = 0; e < r.count; ++e) {
            const unsigned b = r.offset + e * r.stride;
            if (off < b + r.bytes && b < off + size) return true;
        }
    }
    return false;
}

template <class Space>
void differential(std::uint64_t seed, int ops) {
    device<Space> d;
    const space_info info = describe<Space>();
    reference r(info, reference::unmapped::zero);
    rng g{seed};
    constexpr unsigned sizes[] = {1, 2, 4, 8, 3};
    for (int i = 0; i < ops; ++i) {
        const std::uint64_t x = g.next();
        const unsigned size = sizes[x % 5];
        const unsigned off = static_cast<unsigned>((x >> 8) % (Space::size + 2));
        const std::uint64_t v = g.next();
        switch ((x >> 24) % 16) {
            case 0: d.reset(reset_kind::cold); r.reset(reset_kind::cold); break;
            case 1: d.reset(reset_kind::flr); r.reset(reset_kind::flr); break;
            case 2: case 3: case 4: case 5: case 6: case 7: {
                const auto got = d.read(off, size);
                const auto want = r.read(off, size);
                REQUIRE_MESSAGE(got == want, info.name << " op " << i << ": read(0x" << std::hex << off << ", "
                                                       << size << ")");
                break;
            }
            default:
                if (touches_device_logic(info, off, size)) break;
                d.write(off, size, v);
                r.write(off, size, v);
                break;
        }
    }
    for (unsigned off = 0; off < Space::size; off += 4) REQUIRE(d.read(off, 4) == r.read(off, 4));
}

using express = p::pcie<p::pcie_params{.type = p::port_type::endpoint, .flr = true}>;
using root = p::pcie<p::pcie_params{.type = p::port_type::root_port, .slot = true, .physical_slot = 3}>;
using msix40 = p::msix_cap<40, p::msix_layout{.table_bir = 4, .table_offset = 0, .pba_bir = 4,
                                              .pba_offset = 0x800, .bar_size = 0x1000}>;
using iov = p::sriov<p::sriov_params{.initial_vfs = 4, .total_vfs = 4, .vf_device_id = 0x1234},
                     p::bars<p::mem64_bar<0x4000, true>, p::mem32_bar<0x1000>, p::io_bar<16>>>;
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
