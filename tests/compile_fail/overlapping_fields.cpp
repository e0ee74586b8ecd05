// SPDX-License-Identifier: MIT
// Must not compile: MSE (bits 1) and WIDE (bits 0-3) share bits.
// Expected diagnostic: "two fields of one register overlap", naming COMMAND.
#include <regspace.hpp>
using namespace regspace;
using command = reg<"COMMAND", 0x04, 2, bit<"MSE", 1, access::rw>, field<"WIDE", 0, 4, access::rw>>;
using bad = space<"cfg", 256, command>;
int main() { device<bad> d; return static_cast<int>(d.read(0, 4)); }
