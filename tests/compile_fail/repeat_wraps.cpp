// SPDX-License-Identifier: MIT
// Must not compile: the third element of this repeat is at 2 * 0x80000004, past any space, though
// the offset wraps round to 8 in 32-bit arithmetic.
#include <regspace.hpp>
using namespace regspace;
using elem = reg<"ELEM", 0x0, 4, field<"V", 0, 32, access::rw>>;
using bad = space<"cfg", 64, repeat<block<"B", elem>, 0, 3, 0x80000004u>>;
int main() { device<bad> d; return static_cast<int>(d.read(0, 4)); }
