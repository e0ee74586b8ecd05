// SPDX-License-Identifier: MIT
// Must not compile: the hook takes its register tag by non-const reference, which the tag the
// device passes cannot bind to.
// Expected diagnostic: "a register listed in hooked<> has no on_read(...), ...", naming COMMAND.
#include <regspace.hpp>
using namespace regspace;
using command = reg<"COMMAND", 0x04, 2, bit<"MSE", 1, access::rw>>;
using cfg = space<"cfg", 64, command>;
struct model {
    using hooked = regspace::hooked<command>;
    void on_write(command&, auto&, const write_event&) {}
};
int main() { device<cfg, model> d; return static_cast<int>(d.read(4, 2)); }
