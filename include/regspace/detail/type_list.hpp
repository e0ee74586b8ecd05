// SPDX-License-Identifier: MIT
// regspace/detail/type_list.hpp - the minimal type-list plumbing the descriptors need.
//
// Hana's tuple_t/find_if would do the same; a plain pack keeps the per-register instantiation
// cost low, which matters for spaces with hundreds of registers (see docs/performance.md).
//
// No closure per register. Code that walks the register list (the folded model, the rules, the
// device's tables, the field sums) never creates a lambda, a local class or a static array per
// register inside a template of the whole list or of the space: such an entity has that whole
// list in its mangled name (0.5-1 MB at 1024 registers), and GCC's time to mangle grows faster
// than the name (355 s and 2.3 GB for 1024 registers before this rule). The per-register work is
// a template of the one register (f<L>() expanded over the pack, a class specialisation over the
// fields), a loop over one constexpr array of plain values (reg_table in layout.hpp), or a run
// over a list filtered first. For the same reason a per-register template takes what it needs
// of the space (its size), not the space, whose type names every register; and helper types
// (sort orders, table entries) live at namespace scope. GCC names (and mangles) every function
// and static data member it instantiates, also those only evaluated at compile time or inlined
// away, so the rule holds for them all: nothing is instantiated per register with the list as
// an argument (a register is found through one identity array per space: locate.hpp), a located
// register keeps its placement's name and offsets, not its block (block.hpp), and the device's
// hook dispatch is instantiated by index. The measurements: docs/performance.md, "What was
// changed in the framework".
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

namespace regspace {
template <class R, unsigned Absolute>
struct placed_at;
}  // namespace regspace

namespace regspace::detail {

template <class... T>
struct type_list {
    static constexpr std::size_t size = sizeof...(T);
};

// Folds over a register list are written as arrays, `all_of(std::array<bool, N>{...})` and
// `int expand[] = {0, (f<L>(), 0)...}`, not as fold expressions: Clang nests a fold expression
// one level per element and stops at 256 (-fbracket-depth), and spaces have more registers.
template <std::size_t N>
constexpr bool all_of(const std::array<bool, N>& b) noexcept {
    for (bool x : b)
        if (!x) return false;
    return true;
}
template <std::size_t N>
constexpr std::size_t sum_of(const std::array<std::size_t, N>& v) noexcept {
    std::size_t s = 0;
    for (std::size_t x : v) s += x;
    return s;
}

template <class A, class B>
struct concat;
template <class... A, class... B>
struct concat<type_list<A...>, type_list<B...>> {
    using type = type_list<A..., B...>;
};

// join<type_list<...>...>: one list. Sixteen lists are merged per step, so a space of 1024
// registers takes 64 nested instantiations, not 1024 (GCC stops at 900), and the growing list is
// copied 64 times rather than 1024.
template <class... Lists>
struct join;
template <>
struct join<> {
    using type = type_list<>;
};
template <class... A>
struct join<type_list<A...>> {
    using type = type_list<A...>;
};
template <class... A, class... B, class... Rest>
struct join<type_list<A...>, type_list<B...>, Rest...> {
    using type = typename join<type_list<A..., B...>, Rest...>::type;
};
template <class... A, class... B, class... C, class... D, class... E, class... F, class... G, class... H,
          class... I, class... J, class... K, class... L, class... M, class... N, class... O, class... P,
          class... Rest>
struct join<type_list<A...>, type_list<B...>, type_list<C...>, type_list<D...>,
            type_list<E...>, type_list<F...>, type_list<G...>, type_list<H...>,
            type_list<I...>, type_list<J...>, type_list<K...>, type_list<L...>,
            type_list<M...>, type_list<N...>, type_list<O...>, type_list<P...>,
            Rest...> {
    using type = typename join<type_list<A..., B..., C..., D..., E..., F..., G..., H..., I..., J..., K..., L..., M..., N..., O..., P...>, Rest...>::type;
};

// filter<Pred, type_list<...>>: the types Pred keeps, in order. Keeping none (a device's hooked
// or locked registers, most often) or all of them is answered without building anything; only a
// partial list goes through join<> (for 1024 registers, 64 steps each passed the lists left).
template <std::size_t Kept, std::size_t Count, template <class> class Pred, class... T>
struct filter_kept {
    using type = typename join<std::conditional_t<Pred<T>::value, type_list<T>, type_list<>>...>::type;
};
template <std::size_t Count, template <class> class Pred, class... T>
    requires(Count > 0)
struct filter_kept<0, Count, Pred, T...> {
    using type = type_list<>;
};
template <std::size_t Count, template <class> class Pred, class... T>
struct filter_kept<Count, Count, Pred, T...> {
    using type = type_list<T...>;
};
// How many of B are true: a loop, not a fold (Clang nests a fold of 1024 terms past its 256 limit).
template <bool... B>
inline constexpr std::size_t count_true = [] {
    const bool b[] = {B..., false};
    std::size_t n = 0;
    for (bool x : b) n += x ? 1 : 0;
    return n;
}();
template <template <class> class Pred, class L>
struct filter;
template <template <class> class Pred, class... T>
struct filter<Pred, type_list<T...>> {
    using type = typename filter_kept<count_true<Pred<T>::value...>, sizeof...(T), Pred, T...>::type;
};

// The I-th type of a list, sixteen types per step (64 nested instantiations for index 1023;
// GCC stops at 900). An overload-resolution "indexer" is constant depth but cost GCC 0.7 s and
// 100 MB per lookup in a 1024-type list.
template <std::size_t I, class L>
struct nth;
template <class H, class... T>
struct nth<0, type_list<H, T...>> {
    using type = H;
};
template <std::size_t I, class H, class... T>
    requires(I > 0 && I < 16)
struct nth<I, type_list<H, T...>> : nth<I - 1, type_list<T...>> {};
template <std::size_t I, class T0, class T1, class T2, class T3, class T4, class T5, class T6, class T7,
          class T8, class T9, class T10, class T11, class T12, class T13, class T14, class T15, class... T>
    requires(I >= 16)
struct nth<I, type_list<T0, T1, T2, T3, T4, T5, T6, T7,
                        T8, T9, T10, T11, T12, T13, T14, T15, T...>> : nth<I - 16, type_list<T...>> {};
template <std::size_t I, class L>
using nth_t = typename nth<I, L>::type;

// The first N types of a list (take_t).
template <std::size_t N, class L, class Acc = type_list<>>
struct first_n {
    using type = Acc;
};
template <std::size_t N, class H, class... T, class... A>
    requires(N > 0)
struct first_n<N, type_list<H, T...>, type_list<A...>> {
    using type = typename first_n<N - 1, type_list<T...>, type_list<A..., H>>::type;
};
template <std::size_t N, class L>
using take_t = typename first_n<N, L>::type;

// The first field called Name, void if none.
template <auto Name, class... F>
struct find_named;
template <auto Name, class H, class... T>
struct find_named<Name, H, T...> {
    using type = std::conditional_t<H::name == Name, H, typename find_named<Name, T...>::type>;
};
template <auto Name>
struct find_named<Name> {
    using type = void;
};

}  // namespace regspace::detail
