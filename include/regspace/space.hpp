// SPDX-License-Identifier: MIT
// regspace/space.hpp - one address space: its size, its registers and blocks, and what unmapped
// bytes do.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

#include <regspace/block.hpp>
#include <regspace/detail/checks.hpp>
#include <regspace/detail/layout.hpp>
#include <regspace/detail/type_list.hpp>
#include <regspace/fixed_string.hpp>
#include <regspace/register.hpp>

namespace regspace {

// What a guest access to bytes no register describes does.
namespace unmapped {
struct read_zero { static constexpr detail::unmapped_kind value = detail::unmapped_kind::zero; };
struct read_ones { static constexpr detail::unmapped_kind value = detail::unmapped_kind::ones; };
// Hand the access to the device's fallback (see device.hpp): layered config spaces.
struct forward { static constexpr detail::unmapped_kind value = detail::unmapped_kind::forward; };
}  // namespace unmapped

// Largest guest access: 4 for PCI configuration space (the default), 8 for MMIO banks.
template <unsigned N>
struct max_access {
    static_assert(N == 4 || N == 8, "regspace: max_access<> is 4 or 8");
    static constexpr unsigned value = N;
};

namespace detail {
template <class T> struct is_unmapped_opt : std::false_type {};
template <> struct is_unmapped_opt<unmapped::read_zero> : std::true_type {};
template <> struct is_unmapped_opt<unmapped::read_ones> : std::true_type {};
template <> struct is_unmapped_opt<unmapped::forward> : std::true_type {};
template <class T> struct is_max_access : std::false_type {};
template <unsigned N> struct is_max_access<max_access<N>> : std::true_type {};

template <class L, class Default> struct first_or { using type = Default; };
template <class H, class... T, class Default> struct first_or<type_list<H, T...>, Default> {
    using type = H;
};

// Registers of one item of a space, located; Index numbers the item (placement groups).
template <class Item, std::size_t Index, bool = is_register<Item>::value>
struct locate_item {
    using type = type_list<located<Item, top_level>>;
};
template <class Item, std::size_t Index>
struct locate_item<Item, Index, false> {
    static_assert(is_placement<Item>::value,
                  "regspace: a space holds reg<>, place<>, repeat<>, unmapped:: and max_access<>");
    template <class L> struct go;
    template <class... R> struct go<type_list<R...>> {
        using type = type_list<located<R, Item, static_cast<unsigned>(Index + 1)>...>;
    };
    using type = typename go<typename Item::block_type::registers>::type;
};
template <class T> struct is_item : std::bool_constant<is_register<T>::value || is_placement<T>::value> {};
template <class L, class Seq = std::make_index_sequence<L::size>> struct locate_all;
template <class... I, std::size_t... N> struct locate_all<type_list<I...>, std::index_sequence<N...>> {
    using type = typename join<typename locate_item<I, N>::type...>::type;
};
}  // namespace detail

// space<"Name", size_in_bytes, items...>; items are reg<>, place<>, repeat<>, and optionally one
// unmapped:: policy (default read_zero) and one max_access<> (default 4).
template <fixed_string Name, std::size_t Size, class... Items>
struct space {
    static constexpr auto name = Name;
    static constexpr std::size_t size = Size;
    static_assert(Size > 0 && Size % 8 == 0,
                  "regspace: a space's size must be a non-zero multiple of 8 bytes");

    using unmapped_policy = typename detail::first_or<
        typename detail::filter<detail::is_unmapped_opt, detail::type_list<Items...>>::type,
        unmapped::read_zero>::type;
    static constexpr unsigned max_access_size = detail::first_or<
        typename detail::filter<detail::is_max_access, detail::type_list<Items...>>::type,
        regspace::max_access<4>>::type::value;

    static_assert(detail::all_of(std::array<bool, sizeof...(Items)>{
                      (detail::is_item<Items>::value || detail::is_unmapped_opt<Items>::value ||
                       detail::is_max_access<Items>::value)...}),
                  "regspace: a space holds reg<>, place<>, repeat<>, one unmapped:: policy and one "
                  "max_access<> (a block<> must be placed with place<> or repeat<>)");
    static_assert(detail::sum_of(std::array<std::size_t, sizeof...(Items)>{
                      std::size_t{detail::is_unmapped_opt<Items>::value}...}) <= 1,
                  "regspace: a space takes at most one unmapped:: policy");
    static_assert(detail::sum_of(std::array<std::size_t, sizeof...(Items)>{
                      std::size_t{detail::is_max_access<Items>::value}...}) <= 1,
                  "regspace: a space takes at most one max_access<>");
    using items = typename detail::filter<detail::is_item, detail::type_list<Items...>>::type;
    using registers = typename detail::locate_all<items>::type;
    static constexpr std::size_t register_count = registers::size;
    // The rules (detail::check_space) and the folded model (detail::model_of) are computed outside
    // the class, where the space is a complete type.

};

// A space<...>, or a class derived from one: `struct my_regs : space<...> {};` gives the space a
// short name of its own, which keeps compiler messages and symbol names short for big devices.
namespace detail {
template <fixed_string N, std::size_t S, class... I>
std::true_type is_space_test(const space<N, S, I...>*);
std::false_type is_space_test(const void*);
}  // namespace detail
template <class T>
struct is_space : decltype(detail::is_space_test(static_cast<const T*>(nullptr))) {};

}  // namespace regspace
