// SPDX-License-Identifier: MIT
// Must not compile: a value name the field does not list (D3cold).
// Expected diagnostic: "the field has no value<> of this name", naming D3cold.
#include <regspace.hpp>
using namespace regspace;
using pmcsr = reg<"PMCSR", 0x04, 2, field<"PS", 0, 2, access::rw, 0, "power state", values<value<0, "D0">, value<3, "D3hot">>>>;
int main() { return static_cast<int>(value_of<pmcsr, "PS", "D3cold">); }
