// SPDX-License-Identifier: MIT
// Must not compile: D_OPEN locked by SMRAM.D_LOCK, but the field is D_LCK.
// Expected diagnostic: "the lock field named by access::rw_lock<> does not exist", naming D_OPEN.
#include <regspace.hpp>
using namespace regspace;
using smram = reg<"SMRAM", 0x9d, 1, bit<"D_LCK", 4, access::rw1s>, bit<"D_OPEN", 6, access::rw_lock<"SMRAM", "D_LOCK">>>;
using bad = space<"cfg", 256, smram>;
int main() { device<bad> d; return static_cast<int>(d.read(0, 4)); }
