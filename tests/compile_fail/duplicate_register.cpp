// SPDX-License-Identifier: MIT
// Must not compile: two registers called SCRATCH.
// Expected diagnostic: "two registers of one block have the same name", naming SCRATCH.
#include <regspace.hpp>
using namespace regspace;
using a = reg<"SCRATCH", 0x40, 4, field<"V", 0, 32, access::rw>>;
using b = reg<"SCRATCH", 0x44, 4, field<"V", 0, 32, access::rw>>;
using bad = space<"cfg", 256, a, b>;
int main() { device<bad> d; return static_cast<int>(d.read(0, 4)); }
