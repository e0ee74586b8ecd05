// SPDX-License-Identifier: MIT
// Must not compile: pci::at<> is given the PCI Express capability's parameters, not the
// capability pci::pcie<...> (it has no id, extended, bytes or block<Next>).
#include <regspace.hpp>
#include <regspace/pci.hpp>
using namespace regspace;
namespace p = regspace::pci;
using bad = p::config_space_t<"cfg", p::type0<p::identity{.vendor = 0x8086, .device = 0x1234}>,
                              p::at<p::pcie_params, 0x40>>;
int main() { device<bad> d; return static_cast<int>(d.read(0, 4)); }
