// regspace/detail/type_list.hpp - the minimal type-list plumbing the descriptors need.
//
// Hana's tuple_t/find_if would do the same; a plain pack keeps the per-register instantiation
// cost low, which matters for spaces with hundreds of registers (see docs/performance.md).
#pragma once

#include <cstddef>
#include <type_traits>

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

template <class... Lists>
struct join {
    using type = type_list<>;
};
template <class L, class... Rest>
struct join<L, Rest...> {
    using type = typename concat<L, typename join<Rest...>::type>::type;
};

template <template <class> class Pred, class L>
struct filter;
template <template <class> class Pred, class... T>
struct filter<Pred, type_list<T...>> {
    using type = typename join<std::conditional_t<Pred<T>::value, type_list<T>, type_list<>>...>::type;
};

template <std::size_t I, class L>
struct nth;
template <std::size_t I, class H, class... T>
struct nth<I, type_list<H, T...>> : nth<I - 1, type_list<T...>> {};
template <class H, class... T>
struct nth<0, type_list<H, T...>> {
    using type = H;
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

// First located register naming R (see device.hpp's names_located).
template <class R, class... L>
struct filter_first;
template <class R, class H, class... T>
struct filter_first<R, H, T...> {
    using type = std::conditional_t<std::is_same_v<typename H::reg, R> ||
                                        std::is_same_v<regspace::placed_at<typename H::reg, H::offset>, R>,
                                    H, typename filter_first<R, T...>::type>;
};
template <class R>
struct filter_first<R> {
    using type = void;
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
