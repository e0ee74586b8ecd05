// SPDX-License-Identifier: MIT
// Must not compile: a 24-byte MSI capability at 0xF0 runs past 0xFF.
#include <regspace.hpp>
#include <regspace/pci.hpp>
using namespace regspace;
namespace p = regspace::pci;
using bad = p::config_space_t<"cfg", p::type0<p::identity{.vendor = 0x8086, .device = 0x1234}>,
                              p::at<p::msi<p::msi_params{.vectors = 1, .address_64 = true,
                                                         .per_vector_mask = true}>, 0xf0>>;
int main() { device<bad> d; return static_cast<int>(d.read(0, 4)); }
