// SPDX-License-Identifier: MIT
// Must not compile: a size rule for bytes 0-511 of a 256-byte space.
// Expected diagnostic: "range_accepts<> extends past the end of its space", naming the rule.
#include <regspace.hpp>
using namespace regspace;
using id = reg<"ID", 0x00, 4, field<"ID", 0, 32, access::ro, 1>>;
using bad = space<"mmio", 256, range_accepts<0, 512, sizes<4>>, id>;
int main() { device<bad> d; return static_cast<int>(d.read(0, 4)); }
