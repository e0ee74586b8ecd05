// regspace/detail/type_list.hpp - the minimal type-list plumbing the descriptors need.
//
// Hana's tuple_t/find_if would do the same; a plain pack keeps the per-register instantiation
// cost low, which matters for spaces with hundreds of registers (see docs/performance.md).
#pragma once

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

template <template <class> class Pred, class L>
struct filter;
template <template <class> class Pred, class... T>
struct filter<Pred, type_list<T...>> {
    using type = typename join<std::conditional_t<Pred<T>::value, type_list<T>, type_list<>>...>::type;
};

// The I-th type of a list in constant depth: the list becomes one class deriving from
// indexed<0, T0>, indexed<1, T1>, ... and overload resolution picks base I.
template <std::size_t I, class T>
struct indexed {
    using type = T;
};
template <class Seq, class... T>
struct indexer;
template <std::size_t... I, class... T>
struct indexer<std::index_sequence<I...>, T...> : indexed<I, T>... {};
template <std::size_t I, class T>
indexed<I, T> select_index(const indexed<I, T>&);

template <std::size_t I, class L>
struct nth;
template <std::size_t I, class... T>
struct nth<I, type_list<T...>> {
    static_assert(I < sizeof...(T), "regspace: type list index out of range");
    using type = typename decltype(select_index<I>(indexer<std::index_sequence_for<T...>, T...>{}))::type;
};
template <std::size_t I, class L>
using nth_t = typename nth<I, L>::type;

// The first N types of a list.
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
using filter_first_n = typename first_n<N, L>::type;

// First located register naming R (see device.hpp's locate_reg), void if none: one array
// of comparisons and one constant-depth lookup, whatever the length of the list.
constexpr std::size_t first_true(const bool* b) {
    std::size_t i = 0;
    while (!b[i]) ++i;
    return i;
}
template <class R, class... L>
struct filter_first {
    static constexpr bool hit[] = {(std::is_same_v<typename L::reg, R> ||
                                    std::is_same_v<regspace::placed_at<typename L::reg, L::offset>, R>)...,
                                   true};
    static constexpr std::size_t index = first_true(hit);
    using type = typename std::conditional_t<(index < sizeof...(L)), nth<index, type_list<L...>>,
                                             std::type_identity<void>>::type;
};

// First field called Name.
template <auto Name, class... F>
struct filter_first_if;
template <auto Name, class H, class... T>
struct filter_first_if<Name, H, T...> {
    using type = std::conditional_t<H::name == Name, H, typename filter_first_if<Name, T...>::type>;
};
template <auto Name>
struct filter_first_if<Name> {
    using type = void;
};

}  // namespace regspace::detail
