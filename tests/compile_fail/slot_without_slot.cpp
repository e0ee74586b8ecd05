// SPDX-License-Identifier: MIT
// Must not compile: plugging a device into an endpoint, which has no slot.
#include <regspace.hpp>
#include <regspace/pci.hpp>
using namespace regspace;
namespace p = regspace::pci;
struct slotless : p::config_space_t<"cfg", p::type0<p::identity{.vendor = 0x8086, .device = 0x1234}>,
                                    p::at<p::pcie<p::pcie_params{}>, 0x40>> {};
int main() {
    device<slotless> d;
    return static_cast<int>(p::slot_plug(d));
}
