// SPDX-License-Identifier: MIT
// Must not compile: a block given to a space without place<> or repeat<> would silently vanish.
#include <regspace.hpp>
using namespace regspace;
using elem = reg<"ELEM", 0x0, 4, field<"V", 0, 32, access::rw>>;
using bad = space<"cfg", 64, block<"B", elem>>;
int main() { device<bad> d; return static_cast<int>(d.read(0, 4)); }
