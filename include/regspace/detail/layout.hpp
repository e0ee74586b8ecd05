// regspace/detail/layout.hpp - the folded, word-wide model of a space.
//
// The space is cut into 8-byte lanes (byte i of a lane is bits 8i..8i+7, whatever the host's
// endianness). For every lane the model holds one 64-bit mask per behaviour, so a guest access of
// any size and alignment touches at most two lanes and is answered with a handful of AND/OR
// operations: no per-byte loop, no run-time register list.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include <regspace/access.hpp>
#include <regspace/detail/type_list.hpp>

namespace regspace::detail {

enum class unmapped_kind : std::uint8_t { zero, ones, forward };

using u64 = std::uint64_t;

struct lane_masks {
    u64 mapped = 0;    // bytes some register covers (reserved bits included)
    u64 writable = 0;  // stored by a guest write: RW, RWS, WO, RWO (until used), RW-L (unlocked)
    u64 w1c = 0;       // RW1C, RW1CS
    u64 w1s = 0;       // RW1S
    u64 rc = 0;        // cleared by a guest read
    u64 wo = 0;        // reads return 0
    u64 rwo = 0;       // write-once
    u64 keep = 0;      // survive warm reset and FLR: sticky kinds and HwInit
    u64 lockable = 0;  // RW-L bits (a lock rule names their lock)
};

// RW-L: bits `mask` of lane `lane` are read-only while (lane `lock_lane` & `lock_mask`) != 0.
struct lock_rule {
    std::uint32_t lane = 0;
    u64 mask = 0;
    std::uint32_t lock_lane = 0;
    u64 lock_mask = 0;
};

template <std::size_t Lanes, std::size_t Locks>
struct folded_model {
    std::array<lane_masks, Lanes> lanes{};
    std::array<u64, Lanes> reset{};
    std::array<lock_rule, (Locks ? Locks : 1)> locks{};
    std::size_t lock_count = Locks;
};

// Byte-enable mask (in lane bits) for `size` bytes starting at bit `shift`.
[[nodiscard]] constexpr u64 byte_mask(unsigned size, unsigned shift) noexcept {
    const u64 m = size >= 8 ? ~u64{0} : (u64{1} << (size * 8)) - 1;
    return shift >= 64 ? 0 : m << shift;
}

// Finds register `name` among the located registers and field `fname` in it; returns the
// absolute offset of the register (element 0) and the field mask, or found = false.
struct field_ref {
    bool found = false;
    unsigned offset = 0;
    u64 mask = 0;
};

// Lock fields are looked up in the same placement first (element e of a repeat<> is locked by
// element e's lock), then anywhere in the space: two copies of a block each obey their own lock.
template <class Located, class Placement>
constexpr void find_field_in(field_ref& out, std::string_view rname, std::string_view fname,
                             unsigned element, bool same_placement_only) {
    using R = typename Located::reg;
    if (out.found || R::name.view() != rname) return;
    constexpr bool same = std::is_same_v<typename Located::placement, Placement>;
    if (same_placement_only && !same) return;
    const unsigned offset =
        (same && element < Located::count) ? Located::offset + element * Located::stride : Located::offset;
    [&]<class... F>(type_list<F...>) {
        (((!out.found && F::name.view() == fname) ? (out = field_ref{true, offset, F::mask}, 0) : 0), ...);
    }(typename R::fields{});
}

template <class Space, class Placement = void>
constexpr field_ref find_field(std::string_view rname, std::string_view fname, unsigned element = 0) {
    field_ref r{};
    [&]<class... L>(type_list<L...>) {
        (find_field_in<L, Placement>(r, rname, fname, element, true), ...);
        (find_field_in<L, Placement>(r, rname, fname, element, false), ...);
    }(typename Space::registers{});
    return r;
}

template <class Located>
constexpr std::size_t lock_fields_of() {
    std::size_t n = 0;
    [&]<class... F>(type_list<F...>) {
        ((n += F::kind == access::kind::rw_lock ? 1 : 0), ...);
    }(typename Located::reg::fields{});
    return n * Located::count;
}

template <class Located>
struct has_lock_fields : std::bool_constant<(lock_fields_of<Located>() > 0)> {};

template <class Space>
constexpr std::size_t count_lock_rules() {
    return []<class... L>(type_list<L...>) {
        return (std::size_t{0} + ... + lock_fields_of<L>());
    }(typename Space::registers{});
}

// One register's bits in the lane masks. Templated on the space's size, not the space: GCC's
// cost per instantiation grows with the size of its template arguments, and a space type names
// every register, so a per-register template of the space made the fold quadratic.
template <std::size_t SpaceSize, class Located, class Model>
constexpr void fold_register(Model& m) {
    using R = typename Located::reg;
    for (unsigned e = 0; e < Located::count; ++e) {
        const std::uint64_t abs64 = Located::offset64 + std::uint64_t{e} * Located::stride;
        if (abs64 + R::bytes > SpaceSize) continue;  // reported by check_space
        const auto abs = static_cast<unsigned>(abs64);
        const unsigned lane = abs / 8;
        const unsigned shift = (abs % 8) * 8;
        if (shift + R::bytes * 8 > 64) continue;  // misaligned: reported by check_space
        lane_masks& l = m.lanes[lane];
        l.mapped |= R::width_mask << shift;
        m.reset[lane] |= (R::reset_value & R::width_mask) << shift;
        [&]<class... F>(type_list<F...>) {
            (([&] {
                 const u64 bits = (F::mask & R::width_mask) << shift;
                 switch (F::kind) {
                     case access::kind::rw: l.writable |= bits; break;
                     case access::kind::rws: l.writable |= bits; l.keep |= bits; break;
                     case access::kind::wo: l.writable |= bits; l.wo |= bits; break;
                     case access::kind::rwo: l.writable |= bits; l.rwo |= bits; break;
                     case access::kind::rw1c: l.w1c |= bits; break;
                     case access::kind::rw1cs: l.w1c |= bits; l.keep |= bits; break;
                     case access::kind::rw1s: l.w1s |= bits; break;
                     case access::kind::rc: l.rc |= bits; break;
                     case access::kind::ros: l.keep |= bits; break;
                     case access::kind::hwinit: l.keep |= bits; break;
                     case access::kind::ro:
                     case access::kind::rsvdp:
                     case access::kind::rsvdz: break;
                     case access::kind::rw_lock: l.writable |= bits; l.lockable |= bits; break;
                 }
             }()),
             ...);
        }(typename R::fields{});
    }
}

// The lock rules of one register with RW-L fields (only those registers instantiate this).
template <class Space, class Located, class Model>
constexpr void add_lock_rules(Model& m, std::size_t& next_lock) {
    using R = typename Located::reg;
    for (unsigned e = 0; e < Located::count; ++e) {
        const std::uint64_t abs64 = Located::offset64 + std::uint64_t{e} * Located::stride;
        if (abs64 + R::bytes > Space::size) continue;
        const auto abs = static_cast<unsigned>(abs64);
        const unsigned shift = (abs % 8) * 8;
        if (shift + R::bytes * 8 > 64) continue;
        [&]<class... F>(type_list<F...>) {
            (([&] {
                 if constexpr (F::kind == access::kind::rw_lock) {
                     const u64 bits = (F::mask & R::width_mask) << shift;
                     const field_ref lk = find_field<Space, typename Located::placement>(
                         F::policy::lock_register.view(), F::policy::lock_field.view(), e);
                     if (lk.found)
                         m.locks[next_lock++] = lock_rule{abs / 8, bits, lk.offset / 8, lk.mask << ((lk.offset % 8) * 8)};
                 }
             }()),
             ...);
        }(typename R::fields{});
    }
}

template <class Space>
constexpr auto build_model() {
    constexpr std::size_t locks = count_lock_rules<Space>();
    folded_model<Space::size / 8, locks> m{};
    std::size_t next_lock = 0;
    // No lambda per register here: a closure inside a fold over the register list has that
    // whole list in its mangled name, and GCC's mangling cost grows faster than the name.
    [&]<class... L>(type_list<L...>) { (fold_register<Space::size, L>(m), ...); }(typename Space::registers{});
    [&]<class... L>(type_list<L...>) {
        (add_lock_rules<Space, L>(m, next_lock), ...);
    }(typename filter<has_lock_fields, typename Space::registers>::type{});
    m.lock_count = next_lock;
    return m;
}

template <class Space>
inline constexpr auto model_of = build_model<Space>();

}  // namespace regspace::detail
