// SPDX-License-Identifier: MIT
// regspace/detail/hook_calls.hpp - how device<> calls a register's hooks and actions.
//
// Each call is a template of its own, so that a register without a given hook never names it
// (discarded if-constexpr branches inside nested lambdas are not reliable on Clang).
#pragma once

#include <cstdint>

#include <regspace/hooks.hpp>

namespace regspace::detail {

template <class L, class Hooks>
constexpr std::uint64_t call_read_hook(Hooks& hooks, unsigned e, std::uint64_t stored) {
    if constexpr (L::count == 1) {
        return static_cast<std::uint64_t>(hooks.on_read(typename L::reg{}, stored));
    } else {
        return static_cast<std::uint64_t>(hooks.on_read(typename L::reg{}, e, stored));
    }
}
template <class L, class Hooks>
constexpr bool call_filter(Hooks& hooks, unsigned e, std::uint64_t old, std::uint64_t& proposed) {
    using R = typename L::reg;
    if constexpr (L::count == 1 && write_filter<Hooks, R>) {
        return hooks.filter_write(R{}, old, proposed);
    } else if constexpr (L::count != 1 && write_filter_indexed<Hooks, R>) {
        return hooks.filter_write(R{}, e, old, proposed);
    } else {
        (void)hooks, (void)e, (void)old, (void)proposed;
        return true;
    }
}
template <class L, class Hooks>
constexpr void call_write_hook(Hooks& hooks, unsigned e, std::uint64_t old, std::uint64_t now) {
    using R = typename L::reg;
    if constexpr (L::count == 1 && write_hook<Hooks, R>) {
        hooks.on_write(R{}, old, now);
    } else if constexpr (L::count != 1 && write_hook_indexed<Hooks, R>) {
        hooks.on_write(R{}, e, old, now);
    } else {
        (void)hooks, (void)e, (void)old, (void)now;
    }
}
// A register's action after a reset of the device, where the action has on_reset.
template <class L, class Device>
constexpr void call_reset_action(Device& device, reset_kind kind) {
    using R = typename L::reg;
    if constexpr (R::has_action) {
        if constexpr (requires { R::write_action::on_reset(device, kind); }) R::write_action::on_reset(device, kind);
    }
}

}  // namespace regspace::detail
