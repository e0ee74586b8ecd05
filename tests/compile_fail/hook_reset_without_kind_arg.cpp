// SPDX-License-Identifier: MIT
// Must not compile: on_reset(dev) takes the device but not the reset kind.
// Expected diagnostic: "on_reset takes (device&, reset_kind)", naming the hooks type.
#include <regspace.hpp>
using namespace regspace;
using command = reg<"COMMAND", 0x04, 2, bit<"MSE", 1, access::rw>>;
using cfg = space<"cfg", 64, command>;
struct half_reset_model {
    void on_reset(auto&) {}
};
int main() { device<cfg, half_reset_model> d; return static_cast<int>(d.read(4, 2)); }
