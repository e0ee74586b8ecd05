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

namespace regspace {

enum class reset_kind : std::uint8_t {
    cold,  // power-on / fundamental reset: everything, sticky bits included
    warm,  // hot reset (e.g. secondary bus reset): sticky and HwInit bits survive
    flr    // function-level reset (PCIe r6.0 §6.6.2): sticky and HwInit bits survive
};

struct no_hooks {};

// What an observer is told of each piece of device logic a guest access ran, for explain traces
// (regspace/explain.hpp). `offset` is the absolute offset of the register element (of the access,
// for the fallback); `before`/`after` are as listed per point.
enum class hook_point : std::uint8_t {
    on_read,         // hooks.on_read: stored value -> value shown to the guest
    filter_write,    // hooks.filter_write accepted: old -> proposed value
    write_refused,   // hooks.filter_write vetoed the write: old -> the value it refused
    rule,            // the register's rule<>: value after the policies -> value kept
    on_write,        // hooks.on_write: old -> now
    action,          // the register's action<>: old -> value written (after the policies)
    fallback_read,   // unmapped bytes read from the fallback: owned byte mask -> value
    fallback_write   // unmapped bytes written to the fallback: owned byte mask -> value
};
struct hook_event {
    hook_point what;
    unsigned offset;
    std::uint64_t before, after;
};
// An observer is two plain pointers, so that attaching one costs the device nothing but a
// null test on its (already out-of-line) hook path.
struct hook_observer {
    void (*notify)(void* context, const hook_event&) = nullptr;
    void* context = nullptr;
};

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
