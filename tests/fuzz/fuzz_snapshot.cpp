// SPDX-License-Identifier: MIT
// libFuzzer target: regspace::restore() on arbitrary bytes, for the MCH and the NIC PF, and the
// whole Q35 board's restore (examples/q35_board.hpp: platform, NIC, tables, PCIe tree, VFs). Either the
// snapshot is accepted, and then saving gives back exactly the input (nothing was accepted that
// save() would not write), or it is refused and the device or board is unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include <regspace.hpp>
#include <regspace/q35/mch.hpp>

#include "../../examples/q35_board.hpp"
#include "../../examples/sriov_nic.hpp"

namespace {
template <class Space>
void check(std::span<const std::uint8_t> in) {
    regspace::device<Space> d;
    d.write(0x04, 2, 0x0006);  // some state of its own, which a refused snapshot must not touch
    const auto before = regspace::detail::device_access::state(d);
    const auto before_bytes = regspace::save(d);
    const regspace::restore_result r = regspace::restore(d, in);
    if (r) {
        if (regspace::save(d) != std::vector<std::uint8_t>(in.begin(), in.end())) std::abort();
    } else {
        if (regspace::detail::device_access::state(d) != before || regspace::save(d) != before_bytes || r.message.empty()) std::abort();
    }
}
void check_board(std::span<const std::uint8_t> in) {
    board::q35_board b;
    b.nic.write(0x110, 2, 1);  // one VF and a CONFIG_ADDRESS of its own
    b.nic.write(0x108, 2, 1);
    b.platform.io_write(0xcf8, 4, 0x80001000);
    const auto before = b.observable();
    const regspace::restore_result r = b.restore(in);
    if (r) {
        if (b.save() != std::vector<std::uint8_t>(in.begin(), in.end())) std::abort();
    } else {
        if (b.observable() != before || r.message.empty()) std::abort();
    }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> in(data, size);
    check<regspace::q35::mch<>::space>(in);
    check<nic::pf_config::type>(in);
    check_board(in);
    return 0;
}
