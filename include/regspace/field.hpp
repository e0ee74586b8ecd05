// SPDX-License-Identifier: MIT
// regspace/field.hpp - a named bit range of a register with one access policy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include <regspace/access.hpp>
#include <regspace/detail/bits.hpp>
#include <regspace/detail/diagnostic.hpp>
#include <regspace/fixed_string.hpp>

namespace regspace {

// Where a register or field is defined: spec<"PCI LB 3.0 §6.2.2">. Printers and the generated
// references show it next to the description; a field without one inherits its register's.
template <fixed_string Ref>
struct spec {
    static constexpr const auto& text = Ref;
};

// A value of a field that has a name in its spec: value<3, "D3hot">. A field lists them in
// values<...>; printers and explain traces show the name next to the number. A list used by
// several fields is best declared as a class of its own,
//   struct power_states : values<value<0, "D0">, value<3, "D3hot">> {};
// so that the fields' (and registers') type names stay short: compilers spend time in proportion
// to the length of the names they mangle (docs/performance.md).
template <std::uint64_t V, fixed_string Name, fixed_string Desc = "">
struct value {
    static constexpr std::uint64_t number = V;
    static constexpr const auto& name = Name;
    static constexpr const auto& description = Desc;
};

namespace detail {
template <class T> struct is_value : std::false_type {};
template <std::uint64_t V, fixed_string N, fixed_string D> struct is_value<value<V, N, D>> : std::true_type {};
// The rules of values<> and field<> item lists (detail/diagnostic.hpp).
REGSPACE_DETAIL_RULE(values_hold_value_items_only,
                     "values<> holds value<number, \"name\"> items only",
                     class Item)
REGSPACE_DETAIL_RULE(field_extras_are_spec_or_values,
                     "after its description a field takes spec<\"...\"> and values<...> only",
                     fixed_string Field, class Item)
}  // namespace detail

template <class... V>
struct values {
    static_assert((detail::reported(detail::values_hold_value_items_only<V, detail::is_value<V>::value>()) && ...));
    using list = values;  // the list itself, also for classes derived from it
    static constexpr std::size_t size = sizeof...(V);
};

namespace detail {
template <class T> struct is_spec : std::false_type {};
template <fixed_string R> struct is_spec<spec<R>> : std::true_type {};
template <class... V> std::true_type values_base(const values<V...>*);
std::false_type values_base(const void*);
template <class T> struct is_values : decltype(values_base(static_cast<const T*>(nullptr))) {};

// The first spec<> / values<> of a parameter pack, or an empty one. Class specialisations, not
// a lambda (see detail/type_list.hpp).
template <class... T> struct spec_of { static constexpr const auto& text = no_text; };
template <class T, class... Rest> struct spec_of<T, Rest...> : spec_of<Rest...> {};
template <fixed_string R, class... Rest> struct spec_of<spec<R>, Rest...> {
    static constexpr const auto& text = R;
};
template <class... T> struct values_of { using type = values<>; };
template <class T, class... Rest> struct values_of<T, Rest...> {
    using type = std::conditional_t<is_values<T>::value, T, typename values_of<Rest...>::type>;
};
}  // namespace detail

// field<"Name", lsb, width, policy, reset, "description", [spec<"...">], [values<...>]>
//   lsb/width are bit positions inside the register; reset is the field's own value (not shifted).
template <fixed_string Name, unsigned Lsb, unsigned Width, access::policy Policy,
          std::uint64_t Reset = 0, fixed_string Desc = "", class... Extras>
struct field {
    static_assert((detail::reported(detail::field_extras_are_spec_or_values<
                       Name, Extras, (detail::is_spec<Extras>::value || detail::is_values<Extras>::value)>()) && ...));
    static constexpr const auto& name = Name;
    static constexpr const auto& description = Desc;
    static constexpr const auto& spec_ref = detail::spec_of<Extras...>::text;
    using value_names = typename detail::values_of<Extras...>::type;
    static constexpr unsigned lsb = Lsb;
    static constexpr unsigned width = Width;
    static constexpr std::uint64_t reset = Reset;
    using policy = Policy;
    static constexpr access::kind kind = Policy::value;

    // Mask of the field's bits in the register; Width 0 and widths past 64 are caught by
    // detail::check_register with a named message, so this only has to stay defined for them.
    static constexpr std::uint64_t value_mask = detail::low_bits(Width);
    static constexpr std::uint64_t mask = Lsb >= 64 ? 0 : value_mask << Lsb;
};

// A one-bit field: bit<"MSE", 1, access::rw>.
template <fixed_string Name, unsigned Bit, access::policy Policy, std::uint64_t Reset = 0,
          fixed_string Desc = "", class... Extras>
using bit = field<Name, Bit, 1, Policy, Reset, Desc, Extras...>;

template <class T>
struct is_field : std::false_type {};
template <fixed_string N, unsigned L, unsigned W, class P, std::uint64_t R, fixed_string D, class... E>
struct is_field<field<N, L, W, P, R, D, E...>> : std::true_type {};

}  // namespace regspace
