// SPDX-License-Identifier: MIT
// Must not compile: asking valid_space<> of a space reports its broken rule, once. LAST (4 bytes at
// 0x100) ends past the 256-byte space.
// Expected diagnostic: "register extends past the end of its space", naming LAST.
#include <regspace.hpp>
using namespace regspace;
using last = reg<"LAST", 0x100, 4, field<"V", 0, 32, access::rw>>;
using bad = space<"cfg", 256, last>;
template <class S>
constexpr int rules_checked() { return valid_space<S> ? 1 : 0; }
int main() { return rules_checked<bad>(); }
