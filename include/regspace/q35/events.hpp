// SPDX-License-Identifier: MIT
// regspace/q35/events.hpp - what q35::platform reports to its observers: every configuration
// access as it reached a function (on_config, for traces) and every change of the memory map
// (on_event).
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include <regspace/explain.hpp>

namespace regspace::q35 {

// A configuration access as it reached a function (for traces): which mechanism, which function,
// what was read or written. `present` is false for a master abort (no function there).
struct config_access {
    const char* mechanism;  // "CF8/CFC" or "ECAM"
    unsigned bus, devfn, offset, size;
    std::uint64_t value;
    bool write;
    bool present;
    // With platform::explain set: what the access did in the function, one explanation per
    // access the function received (QEMU splits a 3-byte access in two). Reported after the
    // access; without explain, before a write. Valid only during the on_config call.
    std::span<const explanation> explained{};
};

// A change of the memory map the chipset reports (the "side effects" of MCH registers).
struct event {
    enum class kind : std::uint8_t { ecam, pam, smram, smbase, reset };
    kind what;
    std::string text;  // one line, e.g. "ECAM window 0xe0000000-0xe3ffffff (64 buses)"
};

}  // namespace regspace::q35
