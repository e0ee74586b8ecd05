// SPDX-License-Identifier: MIT
// regspace/hooks.hpp - run-time behaviour a device model attaches to registers.
//
// A hooks object is an ordinary class with overloads keyed on the register type:
//
//   struct my_hooks {
//       std::uint64_t on_read(status_reg, std::uint64_t stored);          // value the guest sees
//       void on_write(command_reg, std::uint64_t old, std::uint64_t now);  // side effect
//       bool filter_write(bar0_reg, std::uint64_t old, std::uint64_t& v);  // veto (false) or edit
//       void on_reset(regspace::reset_kind);
//   };
//
// Registers of a repeat<> get the element index after the tag: on_write(R, unsigned i, old, now).
// Which registers have hooks is decided at compile time (concepts below), so a register without a
// hook compiles to the plain mask path and `no_hooks` costs nothing.
#pragma once

#include <concepts>
#include <cstdint>

#include <regspace/reset_kind.hpp>

namespace regspace {

struct no_hooks {};

namespace detail {
template <class H, class R>
concept read_hook = requires(H& h, std::uint64_t v) {
    { h.on_read(R{}, v) } -> std::convertible_to<std::uint64_t>;
};
template <class H, class R>
concept read_hook_indexed = requires(H& h, std::uint64_t v, unsigned i) {
    { h.on_read(R{}, i, v) } -> std::convertible_to<std::uint64_t>;
};
template <class H, class R>
concept write_hook = requires(H& h, std::uint64_t v) { h.on_write(R{}, v, v); };
template <class H, class R>
concept write_hook_indexed = requires(H& h, std::uint64_t v, unsigned i) {
    h.on_write(R{}, i, v, v);
};
template <class H, class R>
concept write_filter = requires(H& h, std::uint64_t o, std::uint64_t& v) {
    { h.filter_write(R{}, o, v) } -> std::convertible_to<bool>;
};
template <class H, class R>
concept write_filter_indexed = requires(H& h, std::uint64_t o, std::uint64_t& v, unsigned i) {
    { h.filter_write(R{}, i, o, v) } -> std::convertible_to<bool>;
};
template <class H>
concept reset_hook = requires(H& h) { h.on_reset(reset_kind::cold); };

template <class H, class L>
inline constexpr bool has_read_hook =
    L::count == 1 ? read_hook<H, typename L::reg> : read_hook_indexed<H, typename L::reg>;
template <class H, class L>
inline constexpr bool has_write_side =
    L::count == 1 ? (write_hook<H, typename L::reg> || write_filter<H, typename L::reg>)
                  : (write_hook_indexed<H, typename L::reg> || write_filter_indexed<H, typename L::reg>);
}  // namespace detail

}  // namespace regspace
