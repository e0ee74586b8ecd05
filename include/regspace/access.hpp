// SPDX-License-Identifier: MIT
// regspace/access.hpp - per-bit access policies.
//
// Names follow PCI Express Base Specification r6.0, section 7.4 "Configuration Register Types",
// and the RW-L ("lockable") convention of Intel chipset datasheets. Each policy is a tag type; the
// table in docs/policies.md (and `describe(kind)` below) states its effect on read, on write and on
// each reset kind.
#pragma once

#include <concepts>
#include <cstdint>
#include <string_view>

#include <regspace/fixed_string.hpp>

namespace regspace::access {

enum class kind : std::uint8_t {
    ro,      // read-only; the device side may change it
    rw,      // read-write
    rw1c,    // write 1 to clear (status bits)
    rw1s,    // write 1 to set
    rc,      // read clears: a guest read returns the value, then clears it
    wo,      // write-only: writes are stored for the device model, reads return 0
    rwo,     // write-once: writable until the first guest write to it, then read-only
    hwinit,  // initialised by hardware/firmware straps; read-only to the guest; survives FLR
    rsvdp,   // reserved, preserved: reads 0, writes ignored (software must preserve)
    rsvdz,   // reserved, zero: reads 0, writes ignored (software must write 0)
    ros,     // read-only, sticky
    rws,     // read-write, sticky
    rw1cs,   // write 1 to clear, sticky
    rw_lock  // read-write while its lock field is 0, read-only once the lock field is non-zero
};

// Policy tags used in field declarations: field<"BME", 2, 1, access::rw>.
struct ro     { static constexpr kind value = kind::ro; };
struct rw     { static constexpr kind value = kind::rw; };
struct rw1c   { static constexpr kind value = kind::rw1c; };
struct rw1s   { static constexpr kind value = kind::rw1s; };
struct rc     { static constexpr kind value = kind::rc; };
struct wo     { static constexpr kind value = kind::wo; };
struct rwo    { static constexpr kind value = kind::rwo; };
struct hwinit { static constexpr kind value = kind::hwinit; };
struct rsvdp  { static constexpr kind value = kind::rsvdp; };
struct rsvdz  { static constexpr kind value = kind::rsvdz; };
struct ros    { static constexpr kind value = kind::ros; };
struct rws    { static constexpr kind value = kind::rws; };
struct rw1cs  { static constexpr kind value = kind::rw1cs; };

// Lockable RW: RW while field `LockField` of register `LockReg` (anywhere in the same space) reads
// zero; read-only once it is non-zero. Intel's D_LCK in SMRAMC is the classic lock field.
template <fixed_string LockReg, fixed_string LockField>
struct rw_lock {
    static constexpr kind value = kind::rw_lock;
    static constexpr auto lock_register = LockReg;
    static constexpr auto lock_field = LockField;
};

template <class P>
concept policy = requires { { P::value } -> std::convertible_to<kind>; };

[[nodiscard]] constexpr std::string_view name(kind k) noexcept {
    switch (k) {
        case kind::ro: return "RO";
        case kind::rw: return "RW";
        case kind::rw1c: return "RW1C";
        case kind::rw1s: return "RW1S";
        case kind::rc: return "RC";
        case kind::wo: return "WO";
        case kind::rwo: return "RWO";
        case kind::hwinit: return "HwInit";
        case kind::rsvdp: return "RsvdP";
        case kind::rsvdz: return "RsvdZ";
        case kind::ros: return "ROS";
        case kind::rws: return "RWS";
        case kind::rw1cs: return "RW1CS";
        case kind::rw_lock: return "RW-L";
    }
    return "?";
}

// One-line statement of the policy's effect, used by printers and docs.
[[nodiscard]] constexpr std::string_view describe(kind k) noexcept {
    switch (k) {
        case kind::ro: return "read: value; write: ignored; reset: all kinds";
        case kind::rw: return "read: value; write: stored; reset: all kinds";
        case kind::rw1c: return "read: value; write: 1 clears, 0 keeps; reset: all kinds";
        case kind::rw1s: return "read: value; write: 1 sets, 0 keeps; reset: all kinds";
        case kind::rc: return "read: value, then cleared; write: ignored; reset: all kinds";
        case kind::wo: return "read: 0; write: stored for the device; reset: all kinds";
        case kind::rwo:
            return "read: value; write: stored by the first write only; reset: cold re-arms";
        case kind::hwinit: return "read: value; write: ignored; reset: cold only";
        case kind::rsvdp: return "read: 0; write: ignored (software preserves); reset: all kinds";
        case kind::rsvdz: return "read: 0; write: ignored (software writes 0); reset: all kinds";
        case kind::ros: return "read: value; write: ignored; reset: cold only (sticky)";
        case kind::rws: return "read: value; write: stored; reset: cold only (sticky)";
        case kind::rw1cs: return "read: value; write: 1 clears; reset: cold only (sticky)";
        case kind::rw_lock:
            return "read: value; write: stored unless the lock field is set; reset: all kinds";
    }
    return "?";
}

[[nodiscard]] constexpr bool is_sticky(kind k) noexcept {
    return k == kind::ros || k == kind::rws || k == kind::rw1cs;
}

}  // namespace regspace::access
