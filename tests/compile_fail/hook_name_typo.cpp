// SPDX-License-Identifier: MIT
// Must not compile: the hook's name is misspelt (on_wirte), so COMMAND, listed, has no hook.
// Expected diagnostic: "a register listed in hooked<> has no on_read(...), on_write(...) or
// filter_write(...)", naming COMMAND.
#include <regspace.hpp>
using namespace regspace;
using command = reg<"COMMAND", 0x04, 2, bit<"MSE", 1, access::rw>>;
using cfg = space<"cfg", 64, command>;
struct model {
    using hooked = regspace::hooked<command>;
    void on_wirte(command, auto&, const write_event&) {}
};
int main() { device<cfg, model> d; return static_cast<int>(d.read(4, 2)); }
