// SPDX-License-Identifier: MIT
// Must not compile: a 2-bit field names the value 4.
// Expected diagnostic: "a named value<> of the field does not fit in the field", naming PMCSR.
#include <regspace.hpp>
using namespace regspace;
using pmcsr = reg<"PMCSR", 0x44, 2, field<"PS", 0, 2, access::rw, 0, "power state",
                                          values<value<0, "D0">, value<4, "D4">>>>;
using bad = space<"cfg", 256, pmcsr>;
int main() { device<bad> d; return static_cast<int>(d.read(0, 4)); }
