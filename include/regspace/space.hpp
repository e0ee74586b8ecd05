// SPDX-License-Identifier: MIT
// regspace/space.hpp - one address space: its size, its registers and blocks, and what unmapped
// bytes do.
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

#include <regspace/access_size.hpp>
#include <regspace/block.hpp>
#include <regspace/detail/checks.hpp>
#include <regspace/detail/diagnostic.hpp>
#include <regspace/detail/layout.hpp>
#include <regspace/detail/type_list.hpp>
#include <regspace/fixed_string.hpp>
#include <regspace/register.hpp>

namespace regspace {

// The rules a space's item list obeys (detail/diagnostic.hpp).
namespace detail {
REGSPACE_DETAIL_RULE(max_access_is_4_or_8, "max_access<> is 4 or 8", unsigned N)
REGSPACE_DETAIL_RULE(space_item_kinds,
                     "a space holds reg<>, place<>, repeat<>, range_accepts<>, one unmapped:: policy, one max_access<> and one storage:: choice (a block<> must be placed with place<> or repeat<>)",
                     class Item)
REGSPACE_DETAIL_RULE(space_size_is_a_multiple_of_8,
                     "a space's size must be a non-zero multiple of 8 bytes",
                     std::size_t Size)
REGSPACE_DETAIL_RULE(space_takes_one_unmapped_policy,
                     "a space takes at most one unmapped:: policy",
                     class Items)
REGSPACE_DETAIL_RULE(space_takes_one_max_access, "a space takes at most one max_access<>", class Items)
}  // namespace detail

// What a guest access to bytes no register describes does.
namespace unmapped {
struct read_zero { static constexpr detail::unmapped_kind value = detail::unmapped_kind::zero; };
struct read_ones { static constexpr detail::unmapped_kind value = detail::unmapped_kind::ones; };
// Hand the access to the device's fallback (see device.hpp): layered config spaces.
struct forward { static constexpr detail::unmapped_kind value = detail::unmapped_kind::forward; };
}  // namespace unmapped

// How the device stores the space (detail::lane_map): chosen by its shape unless the description
// says. dense: every 8-byte lane, each access indexes its lane directly; sparse: only the lanes
// registers cover, found per access by a search over their runs (a few instructions more per
// access, memory in proportion to the registers). By default a space up to 4 KiB, or one whose
// registers cover a quarter of its lanes or more, is dense.
namespace storage {
struct dense { static constexpr int value = 1; };
struct sparse { static constexpr int value = 2; };
}  // namespace storage

// Largest guest access: 4 for PCI configuration space (the default), 8 for MMIO banks.
template <unsigned N>
struct max_access {
    static_assert(detail::reported(detail::max_access_is_4_or_8<N, (N == 4 || N == 8)>()));
    static constexpr unsigned value = N;
};

namespace detail {
template <class T> struct is_unmapped_opt : std::false_type {};
template <> struct is_unmapped_opt<unmapped::read_zero> : std::true_type {};
template <> struct is_unmapped_opt<unmapped::read_ones> : std::true_type {};
template <> struct is_unmapped_opt<unmapped::forward> : std::true_type {};
template <class T> struct is_storage : std::false_type {};
template <> struct is_storage<storage::dense> : std::true_type {};
template <> struct is_storage<storage::sparse> : std::true_type {};
REGSPACE_DETAIL_RULE(space_takes_one_storage, "a space takes at most one storage:: choice", class Items)
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
    // Only registers and placements get here (space<>::items; the rest is reported there).
    template <class L> struct go;
    template <class... R> struct go<type_list<R...>> {
        using type = type_list<located<R, placement_summary<Item>, static_cast<unsigned>(Index + 1)>...>;
    };
    using type = typename go<typename Item::block_type::registers>::type;
};
template <class T> struct is_item : std::bool_constant<is_register<T>::value || is_placement<T>::value> {};

// A range rule's verdict on fitting the space (only range_accepts<> items instantiate this).
template <std::size_t Size, class Rule>
constexpr bool size_range_fits() {
    return size_range_past_end_of_space<Rule, (Rule::end <= Size)>();
}
template <std::size_t Size, class Ranges> struct size_ranges_fit;
template <std::size_t Size, class... R> struct size_ranges_fit<Size, type_list<R...>> {
    static constexpr bool value = all_of(std::array<bool, sizeof...(R) + 1>{size_range_fits<Size, R>()..., true});
};

// The space's size rules (access_size.hpp): its range_accepts<> items, then one per element of
// every register with accepts<>, at the element's bytes.
template <class R>
constexpr size_rule_info range_rule_info() {
    return {R::begin, R::end, R::mask, R::options::aligned, R::options::writes_only, R::options::reads_zero, {}};
}
template <class L>
struct has_size_rule : std::bool_constant<L::reg::has_size_rule> {};
template <class Ranges, class Regs> struct size_rule_table;
template <class... R, class... L> struct size_rule_table<type_list<R...>, type_list<L...>> {
    static constexpr std::size_t count = sizeof...(R) + (std::size_t{0} + ... + L::count);
    static constexpr std::array<size_rule_info, count> value = [] {
        std::array<size_rule_info, count> out{};
        std::size_t n = 0;
        ((out[n++] = range_rule_info<R>()), ...);
        (
            [&] {
                using A = typename L::reg::size_rule;
                for (unsigned e = 0; e < L::count; ++e) {
                    const unsigned at = L::offset + e * L::stride;
                    out[n++] = {at, at + L::reg::bytes, A::mask, A::options::aligned, A::options::writes_only,
                                A::options::reads_zero, L::reg::name.view()};
                }
            }(),
            ...);
        return out;
    }();
};
template <class L, class Seq = std::make_index_sequence<L::size>> struct locate_all;
template <class... I, std::size_t... N> struct locate_all<type_list<I...>, std::index_sequence<N...>> {
    using type = typename join<typename locate_item<I, N>::type...>::type;
};
}  // namespace detail

// space<"Name", size_in_bytes, items...>; items are reg<>, place<>, repeat<>, and optionally one
// unmapped:: policy (default read_zero) and one max_access<> (default 4).
template <fixed_string Name, std::size_t Size, class... Items>
struct space {
    static constexpr const auto& name = Name;  // the template parameter object: see fixed_string.hpp
    static constexpr std::size_t size = Size;
    static_assert(detail::reported(detail::space_size_is_a_multiple_of_8<Size, (Size > 0 && Size % 8 == 0)>()));

    using unmapped_policy = typename detail::first_or<
        typename detail::filter<detail::is_unmapped_opt, detail::type_list<Items...>>::type,
        unmapped::read_zero>::type;
    static constexpr unsigned max_access_size = detail::first_or<
        typename detail::filter<detail::is_max_access, detail::type_list<Items...>>::type,
        regspace::max_access<4>>::type::value;

    // Each item is checked on its own, so the note names the item that does not belong (an array,
    // not a fold: Clang nests fold expressions and stops at 256 of them).
    static_assert(detail::reported(detail::all_of(std::array<bool, sizeof...(Items)>{
        detail::space_item_kinds<Items, (detail::is_item<Items>::value || detail::is_unmapped_opt<Items>::value ||
                                         detail::is_max_access<Items>::value || detail::is_storage<Items>::value ||
                                         detail::is_range_accepts<Items>::value)>()...})));
    static_assert(detail::reported(detail::space_takes_one_storage<detail::type_list<Items...>,
                  (detail::sum_of(std::array<std::size_t, sizeof...(Items)>{
                      std::size_t{detail::is_storage<Items>::value}...}) <= 1)>()));
    // 0: chosen by shape; else storage::dense or storage::sparse.
    static constexpr int storage_choice = detail::first_or<
        typename detail::filter<detail::is_storage, detail::type_list<Items...>>::type,
        std::integral_constant<int, 0>>::type::value;
    static_assert(detail::reported(detail::space_takes_one_unmapped_policy<detail::type_list<Items...>,
                  (detail::sum_of(std::array<std::size_t, sizeof...(Items)>{
                      std::size_t{detail::is_unmapped_opt<Items>::value}...}) <= 1)>()));
    static_assert(detail::reported(detail::space_takes_one_max_access<detail::type_list<Items...>,
                  (detail::sum_of(std::array<std::size_t, sizeof...(Items)>{
                      std::size_t{detail::is_max_access<Items>::value}...}) <= 1)>()));
    using items = typename detail::filter<detail::is_item, detail::type_list<Items...>>::type;
    using registers = typename detail::locate_all<items>::type;
    static constexpr std::size_t register_count = registers::size;
    // Which sizes ranges of the space take (access_size.hpp); the rules: detail::size_rules_of.
    using size_ranges = typename detail::filter<detail::is_range_accepts, detail::type_list<Items...>>::type;
    static_assert(detail::reported(detail::size_ranges_fit<Size, size_ranges>::value));
    // The rules (detail::check_space) and the folded model (detail::model_of) are computed outside
    // the class, where the space is a complete type.

};

namespace detail {
// Every size rule of a space, ranges first (access_size.hpp).
template <class Space>
inline constexpr auto& size_rules_of =
    size_rule_table<typename Space::size_ranges, typename filter<has_size_rule, typename Space::registers>::type>::value;
}  // namespace detail

// A space<...>, or a class derived from one: `struct my_regs : space<...> {};` gives the space a
// short name of its own, which keeps compiler messages and symbol names short for big devices.
namespace detail {
template <fixed_string N, std::size_t S, class... I>
std::true_type is_space_test(const space<N, S, I...>*);
std::false_type is_space_test(const void*);
}  // namespace detail
template <class T>
struct is_space : decltype(detail::is_space_test(static_cast<const T*>(nullptr))) {};

// A space whose description obeys every rule (docs/diagnostics.md). Asking it of a space that
// breaks a rule is a compile error, one per broken rule, naming its register and field: a broken
// description never quietly takes another overload. device<>, describe<>() (hence the printers
// and exporters) and the Hana view ask it of every space they are given.
template <class S>
concept valid_space = is_space<S>::value && detail::check_space<S>::value;

}  // namespace regspace
