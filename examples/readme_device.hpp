// SPDX-License-Identifier: MIT
// A small PCI function: identity, command/status, one 4 KiB memory BAR and a lock.
// (This file is the README's example; tests/readme_sync checks they stay identical.)
#pragma once
#include <regspace.hpp>

namespace toy {
using namespace regspace;

// PCI Local Bus Spec 3.0 §6.2.1-6.2.5
using id      = reg<"ID", 0x00, 4, field<"VID", 0, 16, access::ro, 0x1af4>,
                                   field<"DID", 16, 16, access::ro, 0x10f0>>;
using command = reg<"COMMAND", 0x04, 2, bit<"IOSE", 0, access::rw>, bit<"MSE", 1, access::rw>,
                                        bit<"BME", 2, access::rw>, bit<"INTxD", 10, access::rw>>;
using status  = reg<"STATUS", 0x06, 2, reserved_as<access::rsvdz>,
                    bit<"CL", 4, access::ro, 1, "capabilities list present">,
                    bit<"RMA", 13, access::rw1c, 0, "received master abort">>;
using bar0    = reg<"BAR0", 0x10, 4, bit<"PF", 3, access::ro>,
                    field<"ADDR", 12, 20, access::rw, 0, "4 KiB, 32-bit, memory">>;
using ctl     = reg<"CTL", 0x40, 4, bit<"LOCK", 31, access::rw1s>,
                    field<"MODE", 0, 4, access::rw_lock<"CTL", "LOCK">>>;

using config = space<"toy", 256, id, command, status, bar0, ctl>;
}  // namespace toy
