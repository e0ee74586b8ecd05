// SPDX-License-Identifier: MIT
// Built against the installed tree: a small device, one guest write, one check.
#include <regspace.hpp>

using namespace regspace;
using command = reg<"COMMAND", 0x04, 2, bit<"MSE", 1, access::rw>>;
using cfg = space<"consumer", 256, command>;

int main() {
    device<cfg> d;
    d.write(0x04, 4, 0xffffffff);
    return d.read(0x04, 2) == 0x2 ? 0 : 1;
}
