// SPDX-License-Identifier: MIT
// regspace/access.hpp - per-bit access policies.
//
// Names follow PCI Express Base Specification r6.0, section 7.4 "Configuration Register Types",
// the RW-L ("lockable") convention of Intel chipset datasheets, and, for MMIO device registers
// that configuration space does not have, the usual datasheet names: RW1T (write 1 to toggle),
// RW0C / RW0S (write 0 to clear / set) and Strobe (a doorbell: the write triggers, nothing stays). Each policy is a tag type; its
// meaning (read, write and reset effects) is its row of `access::table` below.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <regspace/fixed_string.hpp>

namespace regspace::access {

// The policies (PCIe r6.0 §7.4 names; RW-L: lockable read-write; then the MMIO ones). Their
// meaning: `table` below.
enum class kind : std::uint8_t {
    ro, rw, rw1c, rw1s, rc, wo, rwo, hwinit, rsvdp, rsvdz, ros, rws, rw1cs, rw_lock, rw1t, rw0c, rw0s, strobe
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

// Lockable RW (the RW-L row of `table`): its lock is field `LockField` of register `LockReg`,
// looked up in the same placement first, then anywhere in the space. Intel's D_LCK in SMRAMC is
// the classic lock field.
template <fixed_string LockReg, fixed_string LockField>
struct rw_lock {
    static constexpr kind value = kind::rw_lock;
    static constexpr auto lock_register = LockReg;
    static constexpr auto lock_field = LockField;
};

// MMIO registers: write 1 to toggle, write 0 to clear, write 0 to set, and a strobe: a write
// triggers the device's logic (a hook's or action's `now` / `written` carries the strobe bits as
// the guest wrote them), nothing is stored, reads return 0 (edu's interrupt raise/acknowledge).
struct rw1t   { static constexpr kind value = kind::rw1t; };
struct rw0c   { static constexpr kind value = kind::rw0c; };
struct rw0s   { static constexpr kind value = kind::rw0s; };
struct strobe { static constexpr kind value = kind::strobe; };

template <class P>
concept policy = requires { { P::value } -> std::convertible_to<kind>; };

// ---- the policy table -------------------------------------------------------------------------
// What each policy means, in one place. The handler's masks (detail/layout.hpp), explain traces
// (explain.hpp), printers and exporters all read this table; docs/policies.md shows its text
// columns (a unit test keeps the two equal). The test suite's reference model
// (tests/support/reference.hpp) is written independently of it, so that it can catch a wrong row.

// What a guest write does to a bit of the policy.
enum class write_effect : std::uint8_t {
    ignored,               // the bit keeps its value
    stored,                // the written value is stored
    stored_once,           // stored by the first guest write to its byte after a cold reset (RWO)
    stored_unless_locked,  // stored while the lock field is 0, ignored once it is not (RW-L)
    one_clears,            // 1 clears, 0 keeps
    one_sets,              // 1 sets, 0 keeps
    one_toggles,           // 1 toggles, 0 keeps
    zero_clears,           // 0 clears, 1 keeps
    zero_sets,             // 0 sets, 1 keeps
    triggers               // nothing is stored; the written value goes to the register's hooks and action
};

struct semantics {
    kind policy;
    std::string_view name;  // as the spec writes it
    write_effect write;
    bool read_clears;        // a guest read returns the value, then clears the bits it returned
    bool reads_zero;         // a guest read returns 0 whatever is stored (the device still sees it)
    bool kept_on_warm_reset; // survives warm reset and FLR: the sticky kinds (PCIe r6.0 §7.4) and HwInit
    bool reserved;           // reserved: reads 0 because nothing stores it (reset 0, writes ignored)
    // The docs/policies.md columns.
    std::string_view on_read, on_write, on_warm_reset, on_cold_reset;
};

inline constexpr std::size_t kind_count = 18;

// Rows in the order of `kind`. Columns: policy, name, write, read_clears, reads_zero,
// kept_on_warm_reset, reserved, then the four texts.
inline constexpr std::array<semantics, kind_count> table{{
    {kind::ro, "RO", write_effect::ignored, false, false, false, false,
     "value", "ignored", "reset value", "reset value"},
    {kind::rw, "RW", write_effect::stored, false, false, false, false,
     "value", "stored", "reset value", "reset value"},
    {kind::rw1c, "RW1C", write_effect::one_clears, false, false, false, false,
     "value", "1 clears, 0 keeps", "reset value", "reset value"},
    {kind::rw1s, "RW1S", write_effect::one_sets, false, false, false, false,
     "value", "1 sets, 0 keeps", "reset value", "reset value"},
    {kind::rc, "RC", write_effect::ignored, true, false, false, false,
     "value, then the bits clear", "ignored", "reset value", "reset value"},
    {kind::wo, "WO", write_effect::stored, false, true, false, false,
     "0", "stored (the device reads it)", "reset value", "reset value"},
    {kind::rwo, "RWO", write_effect::stored_once, false, false, false, false,
     "value", "the first guest write to each byte is stored, later ones ignored",
     "reset value, stays used", "reset value, re-armed"},
    {kind::hwinit, "HwInit", write_effect::ignored, false, false, true, false,
     "value", "ignored", "kept", "reset value"},
    {kind::rsvdp, "RsvdP", write_effect::ignored, false, false, false, true,
     "0", "ignored (software must preserve)", "0", "0"},
    {kind::rsvdz, "RsvdZ", write_effect::ignored, false, false, false, true,
     "0", "ignored (software must write 0)", "0", "0"},
    {kind::ros, "ROS", write_effect::ignored, false, false, true, false,
     "value", "ignored", "kept (sticky)", "reset value"},
    {kind::rws, "RWS", write_effect::stored, false, false, true, false,
     "value", "stored", "kept (sticky)", "reset value"},
    {kind::rw1cs, "RW1CS", write_effect::one_clears, false, false, true, false,
     "value", "1 clears, 0 keeps", "kept (sticky)", "reset value"},
    {kind::rw_lock, "RW-L", write_effect::stored_unless_locked, false, false, false, false,
     "value", "stored while the lock field is 0, ignored once it is non-zero", "reset value",
     "reset value"},
    {kind::rw1t, "RW1T", write_effect::one_toggles, false, false, false, false,
     "value", "1 toggles, 0 keeps", "reset value", "reset value"},
    {kind::rw0c, "RW0C", write_effect::zero_clears, false, false, false, false,
     "value", "0 clears, 1 keeps", "reset value", "reset value"},
    {kind::rw0s, "RW0S", write_effect::zero_sets, false, false, false, false,
     "value", "0 sets, 1 keeps", "reset value", "reset value"},
    {kind::strobe, "Strobe", write_effect::triggers, false, true, false, false,
     "0", "nothing stored: the written value triggers the register's hooks and action", "0", "0"},
}};

[[nodiscard]] constexpr const semantics& semantics_of(kind k) noexcept {
    return table[static_cast<std::size_t>(k)];
}
[[nodiscard]] constexpr std::string_view to_string(kind k) noexcept { return semantics_of(k).name; }

namespace detail {
constexpr bool table_in_kind_order() {
    for (std::size_t i = 0; i < kind_count; ++i)
        if (static_cast<std::size_t>(table[i].policy) != i) return false;
    return static_cast<std::size_t>(kind::strobe) + 1 == kind_count;
}
}  // namespace detail
static_assert(detail::table_in_kind_order(), "regspace: access::table rows must follow enum kind");

}  // namespace regspace::access
