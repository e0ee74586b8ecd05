// SPDX-License-Identifier: MIT
// Must not compile: the model lists pci::notice::reset but misspells its member (pci_rest), so
// FLRs would never be reported to it.
// Expected diagnostic: "a notification listed in notified<> has no member of its signature",
// naming the model.
#include <regspace/pci.hpp>
using namespace regspace;
using express = pci::pcie<pci::pcie_params{.flr = true}>;
using cfg = pci::config_space<"dev", pci::type0<pci::identity{.vendor = 0x1234, .device = 0x5678}>, pci::at<express, 0x40>>;
struct misspelt_model {
    using notified = regspace::notified<pci::notice::reset>;
    int resets = 0;
    void pci_rest(pci::reset_method) { ++resets; }
};
int main() { device<cfg::type, misspelt_model> d; return static_cast<int>(d.read(4, 2)); }
