// SPDX-License-Identifier: MIT
// Must not compile: a 2-bit field with reset value 4.
// Expected diagnostic: "field reset value has bits outside the field", naming PMCSR.
#include <regspace.hpp>
using namespace regspace;
using pmcsr = reg<"PMCSR", 0x44, 2, field<"PS", 0, 2, access::rw, 4>>;
using bad = space<"cfg", 256, pmcsr>;
int main() { device<bad> d; return static_cast<int>(d.read(0, 4)); }
