// SPDX-License-Identifier: MIT
// Must not compile: a 16-bit register with a field at bits 12-19.
// Expected diagnostic: "field extends past its register's width", naming STATUS.
#include <regspace.hpp>
using namespace regspace;
using status = reg<"STATUS", 0x06, 2, field<"TOO_FAR", 12, 8, access::ro>>;
using bad = space<"cfg", 256, status>;
int main() { device<bad> d; return static_cast<int>(d.read(0, 4)); }
