// SPDX-License-Identifier: MIT
// Must not compile: a 3-byte register.
// Expected diagnostic: "register width must be 1, 2, 4 or 8 bytes", naming ODD.
#include <regspace.hpp>
using namespace regspace;
using odd = reg<"ODD", 0x08, 3, field<"V", 0, 24, access::rw>>;
using bad = space<"cfg", 256, odd>;
int main() { device<bad> d; return static_cast<int>(d.read(0, 4)); }
