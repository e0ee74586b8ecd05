// SPDX-License-Identifier: MIT
// Must not compile: CMD_ALIAS covers bytes of COMMAND.
// Expected diagnostic: "two registers overlap", naming CMD_ALIAS.
#include <regspace.hpp>
using namespace regspace;
using command = reg<"COMMAND", 0x04, 2, field<"V", 0, 16, access::rw>>;
using alias = reg<"CMD_ALIAS", 0x04, 4, field<"V", 0, 32, access::rw>>;
using bad = space<"cfg", 256, command, alias>;
int main() { device<bad> d; return static_cast<int>(d.read(0, 4)); }
