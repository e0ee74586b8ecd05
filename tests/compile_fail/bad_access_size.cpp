// SPDX-License-Identifier: MIT
// Must not compile: an access size of 3 bytes.
// Expected diagnostic: "sizes<> lists access sizes of 1, 2, 4 or 8 bytes", naming 3.
#include <regspace.hpp>
using namespace regspace;
using id = reg<"ID", 0x00, 4, accepts<sizes<4, 3>>, field<"ID", 0, 32, access::ro, 1>>;
using bad = space<"mmio", 256, id>;
int main() { device<bad> d; return static_cast<int>(d.read(0, 4)); }
