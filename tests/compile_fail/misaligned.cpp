// SPDX-License-Identifier: MIT
// Must not compile: a dword register at offset 0x12.
// Expected diagnostic: "register offset is not a multiple of its width", naming BAR0.
#include <regspace.hpp>
using namespace regspace;
using bar0 = reg<"BAR0", 0x12, 4, field<"ADDR", 4, 28, access::rw>>;
using bad = space<"cfg", 256, bar0>;
int main() { device<bad> d; return static_cast<int>(d.read(0, 4)); }
