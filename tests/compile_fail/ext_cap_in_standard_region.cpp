// SPDX-License-Identifier: MIT
// Must not compile: an extended capability (SR-IOV) placed at 0x80, in the standard region.
#include <regspace.hpp>
#include <regspace/pci.hpp>
using namespace regspace;
namespace p = regspace::pci;
using iov = p::sriov<p::sriov_params{.initial_vfs = 1, .total_vfs = 1}>;
using bad = p::config_space_t<"cfg", p::type0<p::identity{.vendor = 0x8086, .device = 0x1234}>,
                              p::at<iov, 0x80>>;
int main() { device<bad> d; return static_cast<int>(d.read(0, 4)); }
