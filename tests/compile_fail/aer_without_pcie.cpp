// SPDX-License-Identifier: MIT
// Must not compile: AER errors are recorded in Device Status, but the function has no PCI
// Express capability.
#include <regspace.hpp>
#include <regspace/pci.hpp>
using namespace regspace;
namespace p = regspace::pci;
struct no_express : p::config_space_t<"cfg", p::type0<p::identity{.vendor = 0x8086, .device = 0x1234}>,
                                      p::at<p::aer<>, 0x100>> {};
int main() {
    device<no_express> d;
    return static_cast<int>(p::aer_record(d, p::aer_uncorrectable::completion_timeout).message);
}
