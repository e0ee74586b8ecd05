// SPDX-License-Identifier: MIT
// Must not compile: describe<>() (what printers and exporters read) checks the space as device<>
// does. MSE (bit 1) and WIDE (bits 0-3) share bits.
// Expected diagnostic: "two fields of one register overlap", naming COMMAND, and no other error.
#include <regspace.hpp>
#include <regspace/export.hpp>
#include <regspace/introspect.hpp>
using namespace regspace;
using command = reg<"COMMAND", 0x04, 2, bit<"MSE", 1, access::rw>, field<"WIDE", 0, 4, access::rw>>;
using bad = space<"cfg", 256, command>;
int main() { return static_cast<int>(json_register_map(describe<bad>()).size()); }
