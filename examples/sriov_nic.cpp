// SPDX-License-Identifier: MIT
// regspace-sriov-nic: firmware-style bring-up of the SR-IOV NIC in sriov_nic.hpp, then the PF
// and its first VF dumped in lspci's format (pipe into `lspci -F /dev/stdin -vvv` to decode).
#include <cstdio>

#include "sriov_nic.hpp"

int main() {
    nic::pf_device pf;
    // Size and place BAR0 (64-bit) as firmware does.
    pf.write(0x10, 4, 0xffffffff);
    pf.write(0x14, 4, 0xffffffff);
    const auto size0 = ~(pf.read(0x10, 4) & ~0xfu) + 1;
    pf.write(0x10, 4, 0xfe000000);
    pf.write(0x14, 4, 0);
    // SR-IOV: 4 VFs, VF BAR0 at 0xd0000000, then VF Enable and VF MSE.
    pf.write(0x110, 2, 4);
    pf.write(0x124, 4, 0xd0000000);
    pf.write(0x108, 2, 0x9);
    pf.write(0x04, 2, 0x6);
    std::fprintf(stderr, "BAR0 size 0x%x; %zu VFs; VF3 at PF+0x%x, its BAR0 at 0x%llx\n",
                 static_cast<unsigned>(size0), pf.hooks().vfs.size(), pf.hooks().vfs.routing_offset(3),
                 static_cast<unsigned long long>(regspace::pci::vf_bar_address<nic::sriov, 0>(pf, 3)));
    std::fputs(regspace::pci::lspci_dump(pf, "00:04.0").c_str(), stdout);
    std::fputs(regspace::pci::lspci_dump(pf.hooks().vfs[0], "00:14.0").c_str(), stdout);
}
