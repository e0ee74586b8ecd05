// SPDX-License-Identifier: MIT
// Must not compile: a Resizable BAR whose initial size (512 MiB) is not among its supported ones.
#include <regspace.hpp>
#include <regspace/pci.hpp>
using namespace regspace;
namespace p = regspace::pci;
using rebar = p::resizable_bar<p::rebar_params{.sizes = 0x500, .initial = 9}>;
using bad = p::config_space_t<"cfg", p::type0<p::identity{.vendor = 0x8086, .device = 0x1234},
                                              p::bars<rebar::bar_slot>>, p::at<rebar, 0x100>>;
int main() { device<bad> d; return static_cast<int>(d.read(0, 4)); }
