// SPDX-License-Identifier: MIT
// Must not compile: a hook for STATUS, which the hooks type does not list in hooked<>.
// Expected diagnostic: "this register has a hook, but the hooks type does not list it", naming STATUS.
#include <regspace.hpp>
using namespace regspace;
using command = reg<"COMMAND", 0x04, 2, bit<"MSE", 1, access::rw>>;
using status = reg<"STATUS", 0x06, 2, bit<"RMA", 13, access::rw1c>>;
using cfg = space<"cfg", 64, command, status>;
struct model {
    using hooked = regspace::hooked<command>;
    void on_write(command, auto&, const write_event&) {}
    std::uint64_t on_read(status, auto&, const read_event& e) { return e.stored; }
};
int main() { device<cfg, model> d; return static_cast<int>(d.read(4, 2)); }
