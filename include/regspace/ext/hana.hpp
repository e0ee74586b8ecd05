// SPDX-License-Identifier: MIT
// regspace/ext/hana.hpp - a space's registers as a Boost.Hana sequence of types.
//
// The core keeps to plain packs (cheaper to compile, see docs/performance.md); code that works
// on descriptors generically - printers, exporters, per-register test generators - gets them
// here as a hana::tuple of hana::type, so hana's algorithms (for_each, filter, transform, find_if)
// apply at compile time. Each element is a located register: L::reg is the described register,
// L::offset its absolute offset, L::count/L::stride its repeat shape.
#pragma once

#include <boost/hana/filter.hpp>
#include <boost/hana/for_each.hpp>
#include <boost/hana/tuple.hpp>
#include <boost/hana/type.hpp>

#include <type_traits>

#include <regspace/detail/type_list.hpp>
#include <regspace/space.hpp>

namespace regspace {

namespace detail {
template <class L>
struct hana_tuple_of;
template <class... T>
struct hana_tuple_of<detail::type_list<T...>> {
    static constexpr auto value = boost::hana::tuple_t<T...>;
};
}  // namespace detail

// hana::tuple_t<detail::located<...>...> of every register of Space, in declaration order (none for a
// space that breaks a rule: the rule's error, reported by valid_space, is the only one).
template <class Space>
inline constexpr auto registers_of =
    detail::hana_tuple_of<std::conditional_t<valid_space<Space>, typename Space::registers, detail::type_list<>>>::value;

// The fields of register R as hana::tuple_t<field<...>...>.
template <class R>
inline constexpr auto fields_of = detail::hana_tuple_of<typename R::fields>::value;

// Calls f(hana::type_c<L>) for every located register L of Space.
template <class Space, class F>
constexpr void for_each_register(F&& f) {
    boost::hana::for_each(registers_of<Space>, static_cast<F&&>(f));
}

}  // namespace regspace
