// SPDX-License-Identifier: MIT
// Must not compile: a field of width 0.
// Expected diagnostic: "field has zero width", naming INTR.
#include <regspace.hpp>
using namespace regspace;
using intr = reg<"INTR", 0x3c, 2, field<"LINE", 0, 0, access::rw>>;
using bad = space<"cfg", 256, intr>;
int main() { device<bad> d; return static_cast<int>(d.read(0, 4)); }
