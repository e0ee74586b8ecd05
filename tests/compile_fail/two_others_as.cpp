// SPDX-License-Identifier: MIT
// Must not compile: two policies for the bits no field names.
// Expected diagnostic: "a register takes at most one reserved_as<> or others_as<>", naming GGC.
#include <regspace.hpp>
using namespace regspace;
using ggc = reg<"GGC", 0x52, 2, others_as<access::rw>, reserved_as<access::rsvdp>, field<"GMS", 4, 4, access::rw>>;
using bad = space<"cfg", 256, ggc>;
int main() { device<bad> d; return static_cast<int>(d.read(0x52, 2)); }
