// SPDX-License-Identifier: MIT
// Must not compile: an 8-byte register in a space whose largest access is 4 bytes.
// Expected diagnostic: "register is wider than its space's largest access", naming COUNTER64.
#include <regspace.hpp>
using namespace regspace;
using counter = reg<"COUNTER64", 0x08, 8, field<"N", 0, 64, access::ro>>;
using bad = space<"mmio", 64, counter>;
int main() { device<bad> d; return static_cast<int>(d.read(8, 4)); }
