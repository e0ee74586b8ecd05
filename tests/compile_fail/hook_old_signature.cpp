// SPDX-License-Identifier: MIT
// Must not compile: a hook with the old signature on_write(R, old, now), which would never run.
// Expected diagnostic: "a hook of this register has an old signature", naming COMMAND.
#include <cstdint>
#include <regspace.hpp>
using namespace regspace;
using command = reg<"COMMAND", 0x04, 2, bit<"MSE", 1, access::rw>>;
using cfg = space<"cfg", 64, command>;
struct model {
    void on_write(command, std::uint64_t, std::uint64_t) {}
};
int main() { device<cfg, model> d; return static_cast<int>(d.read(4, 2)); }
