// SPDX-License-Identifier: MIT
// Must not compile: MSI at 0x44 runs into PM's bytes (PM occupies 0x40-0x47).
#include <regspace.hpp>
#include <regspace/pci.hpp>
using namespace regspace;
namespace p = regspace::pci;
using bad = p::config_space_t<"cfg", p::type0<p::identity{.vendor = 0x8086, .device = 0x1234}>,
                              p::at<p::pm<>, 0x40>,
                              p::at<p::msi<p::msi_params{.vectors = 4, .address_64 = true,
                                                         .per_vector_mask = true}>, 0x44>>;
int main() { device<bad> d; return static_cast<int>(d.read(0, 4)); }
