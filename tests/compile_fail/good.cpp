// SPDX-License-Identifier: MIT
// The control case: the same harness with a valid description compiles, so the other
// compile-fail tests fail for their rule, not for the harness.
#include <regspace.hpp>
using namespace regspace;
using smram = reg<"SMRAM", 0x9d, 1, bit<"D_LCK", 4, access::rw1s>, bit<"D_OPEN", 6, access::rw_lock<"SMRAM", "D_LCK">>>;
using bad = space<"cfg", 256, smram>;
int main() { device<bad> d; return static_cast<int>(d.read(0, 4)); }
