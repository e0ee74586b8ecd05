// SPDX-License-Identifier: MIT
// Must not compile: the hooks list a register the device's space does not hold.
// Expected diagnostic: "a register listed in hooked<> is not part of the device's space", naming STATUS.
#include <regspace.hpp>
using namespace regspace;
using command = reg<"COMMAND", 0x04, 2, bit<"MSE", 1, access::rw>>;
using status = reg<"STATUS", 0x06, 2, bit<"RMA", 13, access::rw1c>>;
using cfg = space<"cfg", 64, command>;
struct model {
    using hooked = regspace::hooked<status>;
    void on_write(status, auto&, const write_event&) {}
};
int main() { device<cfg, model> d; return static_cast<int>(d.read(4, 2)); }
