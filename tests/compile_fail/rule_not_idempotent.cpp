// SPDX-License-Identifier: MIT
// Must not compile: a rule that inverts what the guest writes (kept again, it changes).
// Expected diagnostic: "the register's rule<> is not idempotent", naming LIVENESS.
#include <cstdint>
#include <regspace.hpp>
using namespace regspace;
constexpr std::uint64_t invert(std::uint64_t, std::uint64_t now) { return ~now & 0xffffffff; }
using live = reg<"LIVENESS", 0x04, 4, rule<&invert>, field<"V", 0, 32, access::rw>>;
using bad = space<"mmio", 64, live>;
int main() { device<bad> d; return static_cast<int>(d.read(4, 4)); }
