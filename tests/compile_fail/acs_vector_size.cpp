// SPDX-License-Identifier: MIT
// Must not compile: an ACS Egress Control Vector of 300 bits (at most 256).
#include <regspace.hpp>
#include <regspace/pci.hpp>
using namespace regspace;
namespace p = regspace::pci;
using bad = p::config_space_t<"cfg", p::type0<p::identity{.vendor = 0x8086, .device = 0x1234}>,
    p::at<p::acs<p::acs_params{.egress_control = true, .egress_vector_bits = 300}>, 0x100>>;
int main() { device<bad> d; return static_cast<int>(d.read(0, 4)); }
