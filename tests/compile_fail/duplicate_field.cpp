// SPDX-License-Identifier: MIT
// Must not compile: two fields called ASPM.
// Expected diagnostic: "two fields of one register have the same name", naming LNKCTL.
#include <regspace.hpp>
using namespace regspace;
using lnkctl = reg<"LNKCTL", 0x50, 2, field<"ASPM", 0, 2, access::rw>, bit<"ASPM", 3, access::rw>>;
using bad = space<"cfg", 256, lnkctl>;
int main() { device<bad> d; return static_cast<int>(d.read(0, 4)); }
