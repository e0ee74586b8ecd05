// SPDX-License-Identifier: MIT
// regspace/field_value.hpp - the fields of a raw register value, by name, in code.
//
// Hooks, rules and actions handle whole register values (an event's old and now, a proposal);
// these name their fields instead of masking by hand:
//
//   if (field_get<command_reg, "MSE">(e.now)) ...                      // Memory Space Enable
//   p.value = field_set<pmcsr, "PS">(p.value, value_of<pmcsr, "PS", "D0">);  // a named value
//   v = field_set<ctl, "RUN", "IRQ">(v, 1, 0);                         // several at once
//
// A name the register does not have, or a value name its field does not list, is one compile
// error naming it (docs/diagnostics.md).
#pragma once

#include <cstdint>
#include <type_traits>

#include <regspace/detail/bits.hpp>
#include <regspace/detail/diagnostic.hpp>
#include <regspace/detail/locate.hpp>
#include <regspace/detail/type_list.hpp>
#include <regspace/field.hpp>
#include <regspace/fixed_string.hpp>

namespace regspace {

namespace detail {
REGSPACE_DETAIL_RULE(field_has_the_named_value, "the field has no value<> of this name", class Field,
                     fixed_string Name)

template <class List, fixed_string Name>
struct value_named;
template <class... V, fixed_string Name>
struct value_named<values<V...>, Name> {
    static constexpr std::size_t matches = (std::size_t{0} + ... + (V::name == Name ? 1 : 0));
    static constexpr std::uint64_t number = (std::uint64_t{0} + ... + (V::name == Name ? V::number : 0));
};
}  // namespace detail

// Field `Field` of register R in a raw register value, shifted down to bit 0.
template <class R, fixed_string Field>
[[nodiscard]] constexpr std::uint64_t field_get(std::uint64_t raw) noexcept {
    using F = detail::field_named<R, Field>;
    return detail::extract<F::lsb, F::width>(static_cast<typename R::value_type>(raw));
}

// The raw value with field `Field` replaced by `v` (its low bits; others of the value ignored).
template <class R, fixed_string Field>
[[nodiscard]] constexpr std::uint64_t field_set(std::uint64_t raw, std::uint64_t v) noexcept {
    using F = detail::field_named<R, Field>;
    return (raw & ~F::mask) | ((v & F::value_mask) << F::lsb);
}
// Several fields at once, in the order named: field_set<R, "A", "B">(raw, a, b).
template <class R, fixed_string First, fixed_string Second, fixed_string... Rest, class... V>
    requires(sizeof...(V) == sizeof...(Rest) + 2)
[[nodiscard]] constexpr std::uint64_t field_set(std::uint64_t raw, V... v) noexcept {
    const std::uint64_t vals[] = {static_cast<std::uint64_t>(v)...};
    raw = field_set<R, First>(raw, vals[0]);
    raw = field_set<R, Second>(raw, vals[1]);
    std::size_t i = 2;
    ((raw = field_set<R, Rest>(raw, vals[i++])), ...);
    return raw;
}

// The bits of field `Field` in the register (a mask, for tests of several bits at once).
template <class R, fixed_string Field>
inline constexpr std::uint64_t field_mask = detail::field_named<R, Field>::mask;

// The number of value<N, Name> that field `Field` of register R lists: value_of<pmcsr, "PS", "D3hot"> == 3.
template <class R, fixed_string Field, fixed_string Name>
inline constexpr std::uint64_t value_of = [] {
    using F = detail::field_named<R, Field>;  // reports a field R does not have, then stands in
    constexpr bool exists = []<class... Fs>(detail::type_list<Fs...>) {
        return (false || ... || (Fs::name == Field));
    }(typename R::fields{});
    using found = detail::value_named<typename F::value_names::list, Name>;
    if constexpr (exists)
        static_assert(detail::reported(detail::field_has_the_named_value<F, Name, (found::matches == 1)>()));
    return found::number;
}();

}  // namespace regspace
