// SPDX-License-Identifier: MIT
// Must not compile: the model has pci_reset(reset_method) but does not list pci::notice::reset,
// so it would never hear of the FLR it was written for.
// Expected diagnostic: "this hooks part has a notification member ... that its notified<> does
// not list", naming the model.
#include <regspace/pci.hpp>
using namespace regspace;
using express = pci::pcie<pci::pcie_params{.flr = true}>;
using cfg = pci::config_space<"dev", pci::type0<pci::identity{.vendor = 0x1234, .device = 0x5678}>, pci::at<express, 0x40>>;
struct unlisted_model {
    int resets = 0;
    void pci_reset(pci::reset_method) { ++resets; }
};
int main() {
    device<cfg::type, unlisted_model> d;
    d.write(0x48, 2, 0x8000);  // Device Control: Initiate FLR
    return d.hooks().resets;
}
