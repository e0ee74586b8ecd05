// SPDX-License-Identifier: MIT
// Must not compile: a model derived from pci::bar_guard, whose own on_write would hide the guard's.
// Expected diagnostic: "this hooks type derives from a reusable hooks part", naming the model.
#include <regspace/pci.hpp>
using namespace regspace;
struct platform {
    void decode_changed(bool, bool, const pci::bar_states&) {}
    void bar_moved(unsigned, const pci::bar_state&, const pci::bar_state&) {}
    void bar_move_refused(unsigned) {}
};
using cfg = pci::config_space<"dev", pci::type0<pci::identity{.vendor = 0x1234, .device = 0x5678},
                                                 pci::bars<pci::mem32_bar<0x1000>>>>;
struct derived_model : pci::bar_guard<platform> {
    int writes = 0;
    using hooked = regspace::hooked<pci::command_reg>;
    void on_write(pci::command_reg, auto&, const write_event&) { ++writes; }
};
int main() { device<cfg::type, derived_model> d; return static_cast<int>(d.read(4, 2)); }
