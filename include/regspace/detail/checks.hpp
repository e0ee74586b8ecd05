// SPDX-License-Identifier: MIT
// regspace/detail/checks.hpp - the rules a description must obey, checked at compile time.
//
// Each rule is a REGSPACE_DETAIL_RULE (detail/diagnostic.hpp) over the offending register and
// field, instantiated with Ok = true where the rule holds; docs/diagnostics.md lists them.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include <regspace/access.hpp>
#include <regspace/detail/diagnostic.hpp>
#include <regspace/detail/fnv1a.hpp>
#include <regspace/detail/layout.hpp>
#include <regspace/detail/type_list.hpp>
#include <regspace/field.hpp>

namespace regspace::detail {

// ---- field rules -----------------------------------------------------------------------------
REGSPACE_DETAIL_RULE(field_has_zero_width, "field has zero width", class Register, class Field)
REGSPACE_DETAIL_RULE(field_past_register_width,
                     "field extends past its register's width",
                     class Register, class Field)
REGSPACE_DETAIL_RULE(field_reset_outside_field,
                     "field reset value has bits outside the field",
                     class Register, class Field)
REGSPACE_DETAIL_RULE(field_value_name_outside_field,
                     "a named value<> of the field does not fit in the field",
                     class Register, class Field)
REGSPACE_DETAIL_RULE(fields_overlap,
                     "two fields of one register overlap",
                     class Register, class FieldA, class FieldB)
REGSPACE_DETAIL_RULE(duplicate_field_name,
                     "two fields of one register have the same name",
                     class Register, class FieldA, class FieldB)

// ---- register rules --------------------------------------------------------------------------
REGSPACE_DETAIL_RULE(register_width_not_1_2_4_8, "register width must be 1, 2, 4 or 8 bytes", class Register)
REGSPACE_DETAIL_RULE(register_misaligned, "register offset is not a multiple of its width", class Register)
REGSPACE_DETAIL_RULE(register_past_end_of_space, "register extends past the end of its space", class Register)
REGSPACE_DETAIL_RULE(register_wider_than_largest_access,
                     "register is wider than its space's largest access: raise max_access<>, split the register, or mark it piecewise",
                     class Register, unsigned MaxAccess)
REGSPACE_DETAIL_RULE(size_range_past_end_of_space, "range_accepts<> extends past the end of its space", class Rule)
REGSPACE_DETAIL_RULE(registers_overlap, "two registers overlap", class RegisterA, class RegisterB)
REGSPACE_DETAIL_RULE(duplicate_register_name,
                     "two registers of one block have the same name",
                     class RegisterA, class RegisterB)
REGSPACE_DETAIL_RULE(rule_is_idempotent,
                     "the register's rule<> is not idempotent (applied to its own result it must change nothing), transform what the guest reads in an on_read hook instead",
                     class Register)
REGSPACE_DETAIL_RULE(lock_field_does_not_exist,
                     "the lock field named by access::rw_lock<> does not exist",
                     class Register, class Field)

// ---- evaluation --------------------------------------------------------------------------------
struct pair_index {
    std::size_t a = 0, b = 0;
    bool bad = false;
};

// A register's fields as arrays (class members, not lambdas: see detail/type_list.hpp).
template <class Fields>
struct field_table;
template <class... F>
struct field_table<type_list<F...>> {
    static constexpr std::uint64_t masks[sizeof...(F) + 1] = {F::mask..., 0};
    static constexpr std::string_view names[sizeof...(F) + 1] = {F::name.view()..., std::string_view{}};
};

template <class R>
constexpr pair_index first_field_overlap() {
    constexpr std::size_t n = R::fields::size;
    using T = field_table<typename R::fields>;
    for (std::size_t a = 0; a < n; ++a)
        for (std::size_t b = a + 1; b < n; ++b)
            if (T::masks[a] & T::masks[b]) return {a, b, true};
    return {};
}

template <class R>
constexpr pair_index first_duplicate_field() {
    constexpr std::size_t n = R::fields::size;
    using T = field_table<typename R::fields>;
    for (std::size_t a = 0; a < n; ++a)
        for (std::size_t b = a + 1; b < n; ++b)
            if (T::names[a] == T::names[b]) return {a, b, true};
    return {};
}

// Whether every named value fits the field's mask. Keyed on the mask, not the field, so that the
// fields without named values (most) share one instantiation.
template <std::uint64_t Mask, class List>
struct values_fit;
template <std::uint64_t Mask, class... V>
struct values_fit<Mask, values<V...>> {
    static constexpr bool value = (((V::number & ~Mask) == 0) && ...);
};

// Each rule's template is instantiated only where the rule is broken, to report it: instantiated
// with `true` for every field and register that keeps it, the rules cost four instantiations a
// field and seven a register (and the register rebased to its absolute offset), each named
// after its register: some 21,000 in a space of 1024 registers (docs/performance.md).
template <class R, class F>
constexpr bool check_field() {
    bool ok = true;
    if constexpr (!(F::width > 0)) ok &= field_has_zero_width<R, F, false>();
    if constexpr (!(F::lsb < R::bytes * 8 && F::width <= R::bytes * 8 - F::lsb))
        ok &= field_past_register_width<R, F, false>();
    if constexpr ((F::reset & ~F::value_mask) != 0) ok &= field_reset_outside_field<R, F, false>();
    if constexpr (!values_fit<F::value_mask, typename F::value_names::list>::value)
        ok &= field_value_name_outside_field<R, F, false>();
    return ok;
}

template <class R, class Fields>
struct check_fields;
template <class R, class... F>
struct check_fields<R, type_list<F...>> {
    static constexpr bool value = (true && ... && check_field<R, F>());
};

// The pair a broken rule names (only instantiated for one: check_register).
template <class R, pair_index P, class Fs = typename R::fields>
constexpr bool report_field_pairs() {
    return fields_overlap<R, nth_t<P.a, Fs>, nth_t<P.b, Fs>, false>();
}
template <class R, pair_index P, class Fs = typename R::fields>
constexpr bool report_duplicate_fields() {
    return duplicate_field_name<R, nth_t<P.a, Fs>, nth_t<P.b, Fs>, false>();
}

// A rule<> is idempotent: a value it keeps, written again over itself, is kept unchanged
// (fn(k, k) == k), so that re-applying it (a snapshot restore checks the stored value so; a
// partial write re-presents unwritten bytes) changes nothing. Asked of the reset value and of
// what the rule keeps from the reset value and a few patterns, each masked to the data bits.
// (A rule may still depend on `old`: QEMU's F_SMBASE answers a query from state 00h only.)
template <class R>
constexpr bool rule_is_idempotent_on_patterns() {
    constexpr std::uint64_t d = R::data_mask;
    if ((R::write_rule::apply(R::reset_value, R::reset_value) & d) != R::reset_value) return false;
    for (std::uint64_t p : {std::uint64_t{0}, ~std::uint64_t{0}, std::uint64_t{0x5555555555555555},
                            std::uint64_t{0xaaaaaaaaaaaaaaaa}, std::uint64_t{0x0f0f0f0f0f0f0f0f},
                            std::uint64_t{0xf0f0f0f0f0f0f0f0}, std::uint64_t{1}}) {
        const std::uint64_t kept = R::write_rule::apply(R::reset_value, p & d) & d;
        if ((R::write_rule::apply(kept, kept) & d) != kept) return false;
    }
    return true;
}

template <class R>
constexpr bool check_register() {
    constexpr bool width_ok = R::bytes == 1 || R::bytes == 2 || R::bytes == 4 || R::bytes == 8;
    if constexpr (!width_ok) {
        return register_width_not_1_2_4_8<R, false>();
    } else {
        bool ok = true;
        if constexpr (R::offset % R::bytes != 0) ok &= register_misaligned<R, false>();
        ok &= check_fields<R, typename R::fields>::value;
        constexpr pair_index overlap = first_field_overlap<R>();
        if constexpr (overlap.bad) ok &= report_field_pairs<R, overlap>();
        constexpr pair_index dup = first_duplicate_field<R>();
        if constexpr (dup.bad) ok &= report_duplicate_fields<R, dup>();
        if constexpr (R::has_rule)
            if constexpr (!rule_is_idempotent_on_patterns<R>()) ok &= rule_is_idempotent<R, false>();
        return ok;
    }
}

// Per-register rules. Templated on the space's size and largest access rather than the space
// (detail/type_list.hpp).
template <std::size_t SpaceSize, unsigned MaxAccess, class L>
constexpr bool check_located() {
    using R = typename L::reg;
    bool ok = check_register<R>();
    constexpr bool width_ok = R::bytes == 1 || R::bytes == 2 || R::bytes == 4 || R::bytes == 8;
    if constexpr (width_ok) {
        // Placement can misalign a register that is aligned inside its block; reported with the
        // register rebased to its absolute offset (a type made only then).
        if constexpr (!(L::offset % R::bytes == 0 && (L::count == 1 || L::stride % R::bytes == 0)))
            ok &= register_misaligned<typename L::absolute, false>();
    }
    if constexpr (!(L::last64 + R::bytes <= SpaceSize)) ok &= register_past_end_of_space<typename L::absolute, false>();
    if constexpr (!(R::bytes <= MaxAccess || R::is_piecewise))
        ok &= register_wider_than_largest_access<typename L::absolute, MaxAccess, false>();
    return ok;
}

// The lock fields RW-L fields name must exist (only registers with RW-L fields instantiate this).
template <class Space, class L>
constexpr bool check_lock_fields() {
    using R = typename L::reg;
    bool ok = true;
    [&]<class... F>(type_list<F...>) {
        (([&] {
             if constexpr (F::kind == access::kind::rw_lock) {
                 ok &= lock_field_does_not_exist<
                     R, F,
                     find_field<Space>(F::policy::lock_register.view(), F::policy::lock_field.view())
                         .found>();
             }
         }()),
         ...);
    }(typename R::fields{});
    return ok;
}

// Rules over pairs of registers are checked by sorting, not by comparing every pair: spaces of
// a thousand registers must stay cheap to compile (docs/performance.md).
// The element types and orders are at namespace scope on purpose (detail/type_list.hpp): std::sort
// instantiated with a type local to a function of the register list is named after that list.
struct reg_span {
    std::uint64_t begin = 0, end = 0;  // bytes [begin, end)
    std::uint32_t index = 0;           // position in the space's register list
};
struct by_begin {
    constexpr bool operator()(const reg_span& a, const reg_span& b) const noexcept {
        return a.begin < b.begin || (a.begin == b.begin && a.index < b.index);
    }
};
// Names are sorted by a hash, and compared as strings only within a run of equal hashes:
// string comparisons in the sort cost Clang's constant evaluator more than its step limit allows
// at a thousand registers.
struct name_entry {
    unsigned group = 0;  // located<>::group: registers of one placement (0: the top level)
    std::uint64_t hash = 0;  // fnv1a(name)
    std::string_view name;
    std::size_t index = 0;
};
struct by_group_and_hash {
    constexpr bool operator()(const name_entry& a, const name_entry& b) const noexcept {
        if (a.group != b.group) return a.group < b.group;
        if (a.hash != b.hash) return a.hash < b.hash;
        return a.index < b.index;
    }
};

// Two located registers (or repeat<> elements) that claim the same byte.
template <class Space>
constexpr pair_index first_register_overlap() {
    using T = reg_table<typename Space::registers>;
    constexpr auto& table = T::value;
    constexpr std::size_t n = T::elements;
    std::array<reg_span, (n ? n : 1)> spans{};
    std::size_t k = 0;
    for (std::uint32_t idx = 0; idx < table.size(); ++idx)
        for (unsigned e = 0; e < table[idx].count; ++e) {
            const std::uint64_t base = table[idx].offset64 + std::uint64_t{e} * table[idx].stride;
            spans[k++] = reg_span{base, base + table[idx].bytes, idx};
        }
    std::sort(spans.begin(), spans.begin() + static_cast<std::ptrdiff_t>(n), by_begin{});
    // Sorted by start, a span overlaps an earlier one iff it starts before the furthest end so far.
    std::size_t furthest = 0;
    for (std::size_t i = 1; i < n; ++i) {
        if (spans[i].begin < spans[furthest].end) {
            const std::uint32_t a = spans[furthest].index, b = spans[i].index;
            return {a < b ? a : b, a < b ? b : a, true};
        }
        if (spans[i].end > spans[furthest].end) furthest = i;
    }
    return {};
}

// Duplicate names are a per-block (and top-level) rule: two placements of one block are fine.
template <class Regs>
constexpr pair_index first_duplicate_register() {
    constexpr auto& table = reg_table<Regs>::value;
    constexpr std::size_t n = table.size();
    std::array<name_entry, (n ? n : 1)> e{};
    for (std::size_t i = 0; i < n; ++i) e[i] = name_entry{table[i].group, fnv1a(table[i].name), table[i].name, i};
    std::sort(e.begin(), e.begin() + static_cast<std::ptrdiff_t>(n), by_group_and_hash{});
    for (std::size_t a = 0; a < n; ++a)
        for (std::size_t b = a + 1; b < n && e[b].group == e[a].group && e[b].hash == e[a].hash; ++b)
            if (e[a].name == e[b].name) return {e[a].index, e[b].index, true};
    return {};
}

template <class Space>
struct check_space {
    using Regs = typename Space::registers;
    static constexpr bool each =
        []<class... L>(type_list<L...>) {
            return all_of(std::array<bool, sizeof...(L)>{check_located<Space::size, Space::max_access_size, L>()...});
        }(Regs{}) &&
        []<class... L>(type_list<L...>) {
            return all_of(std::array<bool, sizeof...(L)>{check_lock_fields<Space, L>()...});
        }(typename filter<has_lock_fields, Regs>::type{});
    static constexpr pair_index overlap = first_register_overlap<Space>();
    static constexpr pair_index dup = first_duplicate_register<Regs>();
    static constexpr bool pairs = [] {
        if constexpr (Regs::size == 0) {
            return true;
        } else {
            bool ok = true;
            if constexpr (overlap.bad)
                ok &= registers_overlap<typename nth_t<overlap.a, Regs>::absolute,
                                        typename nth_t<overlap.b, Regs>::absolute, false>();
            if constexpr (dup.bad)
                ok &= duplicate_register_name<typename nth_t<dup.a, Regs>::absolute,
                                              typename nth_t<dup.b, Regs>::absolute, false>();
            return ok;
        }
    }();
    static constexpr bool value = each && pairs;
};

}  // namespace regspace::detail
