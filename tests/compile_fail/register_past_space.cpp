// SPDX-License-Identifier: MIT
// Must not compile: a dword at 0xfe in a 256-byte space.
// Expected diagnostic: "register extends past the end of its space", naming LAST.
#include <regspace.hpp>
using namespace regspace;
using last = reg<"LAST", 0xfc, 4, field<"V", 0, 32, access::rw>>;
using late = block<"LATE", last>;
using bad = space<"cfg", 256, place<late, 0x4>>;
int main() { device<bad> d; return static_cast<int>(d.read(0, 4)); }
