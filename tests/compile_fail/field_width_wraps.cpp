// SPDX-License-Identifier: MIT
// Must not compile: lsb + width wraps round in 32 bits (8 + 0xFFFFFFFC == 4).
#include <regspace.hpp>
using namespace regspace;
using wrap = reg<"WRAP", 0x00, 4, field<"X", 8, 0xFFFFFFFCu, access::rw>>;
using bad = space<"cfg", 256, wrap>;
int main() { device<bad> d; return static_cast<int>(d.read(0, 4)); }
