// SPDX-License-Identifier: MIT
// regspace/access_size.hpp - which guest access sizes a register, or a range of a space, takes.
//
// A space takes sizes 1, 2 and 4 (and 8 with max_access<8>) everywhere. Many devices take fewer:
// QEMU's edu answers only 4-byte accesses below 80h and 4- or 8-byte ones from 80h
// (docs/specs/edu.rst), others ignore byte writes. The description says so, on a register
//
//   reg<"FACTORIAL", 0x08, 4, accepts<sizes<4>>, field<...>>
//
// or on a range of the space, bytes [Begin, End):
//
//   space<"edu", 1 << 20, max_access<8>, range_accepts<0x00, 0x80, sizes<4>, naturally_aligned>, ...>
//
// An access is taken when every rule whose bytes it touches takes its size (and, for an aligned
// rule, its offset is a multiple of its size). Otherwise it is refused like an access of a size
// the space never takes: nothing changes, no hook runs, the read returns all-ones (or 0 with
// refused_reads_zero), last_status() says size_refused and the device counts it. Explain traces
// say which rule refused; describe<>() lists the rules.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>

#include <regspace/detail/diagnostic.hpp>

namespace regspace {

namespace detail {
REGSPACE_DETAIL_RULE(sizes_are_1_2_4_or_8, "sizes<> lists access sizes of 1, 2, 4 or 8 bytes", unsigned Size)
REGSPACE_DETAIL_RULE(size_rule_options,
                     "accepts<> and range_accepts<> take sizes<...> and then naturally_aligned, writes_only or refused_reads_zero",
                     class Option)
REGSPACE_DETAIL_RULE(size_range_is_not_empty, "range_accepts<Begin, End, ...> needs Begin < End", unsigned Begin,
                     unsigned End)
}  // namespace detail

// A set of access sizes: sizes<4, 8>.
template <unsigned... Size>
struct sizes {
    static_assert((detail::reported(detail::sizes_are_1_2_4_or_8<Size, (Size == 1 || Size == 2 || Size == 4 ||
                                                                         Size == 8)>()) && ...));
    static constexpr unsigned mask = (0u | ... | (1u << Size));  // bit s: size s is taken
};

// Options of a size rule.
struct naturally_aligned {};   // the offset must also be a multiple of the size
struct writes_only {};         // reads of any size are taken (devices that ignore byte writes)
struct refused_reads_zero {};  // a refused read returns 0 instead of all-ones

// One size rule, as introspection lists it and the device applies it.
struct size_rule_info {
    unsigned begin = 0, end = 0;  // bytes [begin, end)
    unsigned sizes = 0;           // bit s set: size s is taken
    bool aligned = false, writes_only = false, reads_zero = false;
    std::string_view reg;         // the register that declared it (accepts<>), empty for a range
};

namespace detail {
template <class T> struct is_sizes : std::false_type {};
template <unsigned... S> struct is_sizes<sizes<S...>> : std::true_type {};
template <class T>
inline constexpr bool is_size_option = std::is_same_v<T, naturally_aligned> || std::is_same_v<T, writes_only> ||
                                       std::is_same_v<T, refused_reads_zero>;
template <class... Options>
struct size_options {
    static_assert((reported(size_rule_options<Options, is_size_option<Options>>()) && ...));
    static constexpr bool aligned = (false || ... || std::is_same_v<Options, naturally_aligned>);
    static constexpr bool writes_only = (false || ... || std::is_same_v<Options, regspace::writes_only>);
    static constexpr bool reads_zero = (false || ... || std::is_same_v<Options, refused_reads_zero>);
};
}  // namespace detail

// A register item: the register takes only these sizes (accesses that touch any of its bytes).
template <class Sizes, class... Options>
struct accepts {
    static_assert(detail::reported(detail::size_rule_options<Sizes, detail::is_sizes<Sizes>::value>()));
    static constexpr unsigned mask = Sizes::mask;
    using options = detail::size_options<Options...>;
};

// A space item: bytes [Begin, End) take only these sizes.
template <unsigned Begin, unsigned End, class Sizes, class... Options>
struct range_accepts {
    static_assert(detail::reported(detail::size_rule_options<Sizes, detail::is_sizes<Sizes>::value>()));
    static_assert(detail::reported(detail::size_range_is_not_empty<Begin, End, (Begin < End)>()));
    static constexpr unsigned begin = Begin, end = End;
    static constexpr unsigned mask = Sizes::mask;
    using options = detail::size_options<Options...>;
};

namespace detail {
template <class T> struct is_accepts : std::false_type {};
template <class S, class... O> struct is_accepts<accepts<S, O...>> : std::true_type {};
template <class T> struct is_range_accepts : std::false_type {};
template <unsigned B, unsigned E, class S, class... O>
struct is_range_accepts<range_accepts<B, E, S, O...>> : std::true_type {};

// Whether rule `r` refuses a guest access of `size` bytes at `offset` (a write or a read): the one
// place a rule's meaning is written. The caller has checked the size (1, 2, 4 or 8), so once the
// rule takes it, it is a power of two and alignment is a mask test.
[[nodiscard]] constexpr bool rule_refuses(const size_rule_info& r, unsigned offset, unsigned size, bool write) noexcept {
    if (offset >= r.end || offset + size <= r.begin) return false;  // not touched
    if (!write && r.writes_only) return false;
    return !((r.sizes >> size) & 1u) || (r.aligned && (offset & (size - 1)) != 0);
}

// The first rule of `rules` that refuses the access, or nullptr: for an access the guest path
// refused (device::refuse) and for explain traces, which name the rule. (The guest path's own
// test, device::admitted, applies rule_refuses with each rule as a constant.)
[[nodiscard]] constexpr const size_rule_info* refusing_rule(std::span<const size_rule_info> rules, unsigned offset,
                                                            unsigned size, bool write) noexcept {
    for (const size_rule_info& r : rules)
        if (rule_refuses(r, offset, size, write)) return &r;
    return nullptr;
}

}  // namespace detail

}  // namespace regspace
