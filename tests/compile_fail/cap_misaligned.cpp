// SPDX-License-Identifier: MIT
// Must not compile: PM at 0x42 is not dword aligned.
#include <regspace.hpp>
#include <regspace/pci.hpp>
using namespace regspace;
namespace p = regspace::pci;
using bad = p::config_space_t<"cfg", p::type0<p::identity{.vendor = 0x8086, .device = 0x1234}>,
                              p::at<p::pm<>, 0x42>>;
int main() { device<bad> d; return static_cast<int>(d.read(0, 4)); }
