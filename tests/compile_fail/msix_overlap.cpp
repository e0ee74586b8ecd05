// SPDX-License-Identifier: MIT
// Must not compile: the PBA at 0x100 lies inside a 32-vector table (0x000-0x1ff) in the same BAR.
#include <regspace.hpp>
#include <regspace/pci.hpp>
using namespace regspace;
namespace p = regspace::pci;
using cap = p::msix::capability<p::msix::params{.vectors = 32, .table_bir = 0, .table_offset = 0, .pba_bir = 0,
                                                .pba_offset = 0x100, .bar_size = 0x1000}>;
using bad = p::config_space_t<"cfg", p::type0<p::identity{.vendor = 0x8086, .device = 0x1234}>,
                              p::at<cap, 0x40>>;
int main() { device<bad> d; return static_cast<int>(d.read(0, 4)); }
