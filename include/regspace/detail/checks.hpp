// regspace/detail/checks.hpp - the rules a description must obey, checked at compile time.
//
// C++20 static_assert messages are fixed strings, so each rule is asserted inside a template whose
// arguments are the offending register and field: the compiler's "required from" / "in
// instantiation of" line then names them (tests/compile_fail checks both GCC and Clang show it).
// Every report_* template is instantiated with Ok = true when the rule holds.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include <regspace/access.hpp>
#include <regspace/detail/layout.hpp>
#include <regspace/detail/type_list.hpp>

namespace regspace::detail {

// ---- field rules -----------------------------------------------------------------------------
template <class Register, class Field, bool Ok>
struct field_has_zero_width {
    static_assert(Ok, "regspace rule broken: field has zero width");
    static constexpr bool value = Ok;
};
template <class Register, class Field, bool Ok>
struct field_past_register_width {
    static_assert(Ok, "regspace rule broken: field extends past its register's width");
    static constexpr bool value = Ok;
};
template <class Register, class Field, bool Ok>
struct field_reset_outside_field {
    static_assert(Ok, "regspace rule broken: field reset value has bits outside the field");
    static constexpr bool value = Ok;
};
template <class Register, class FieldA, class FieldB, bool Ok>
struct fields_overlap {
    static_assert(Ok, "regspace rule broken: two fields of one register overlap");
    static constexpr bool value = Ok;
};
template <class Register, class FieldA, class FieldB, bool Ok>
struct duplicate_field_name {
    static_assert(Ok, "regspace rule broken: two fields of one register have the same name");
    static constexpr bool value = Ok;
};

// ---- register rules --------------------------------------------------------------------------
template <class Register, bool Ok>
struct register_width_not_1_2_4_8 {
    static_assert(Ok, "regspace rule broken: register width must be 1, 2, 4 or 8 bytes");
    static constexpr bool value = Ok;
};
template <class Register, bool Ok>
struct register_misaligned {
    static_assert(Ok, "regspace rule broken: register offset is not a multiple of its width");
    static constexpr bool value = Ok;
};
template <class Register, bool Ok>
struct register_past_end_of_space {
    static_assert(Ok, "regspace rule broken: register extends past the end of its space");
    static constexpr bool value = Ok;
};
template <class RegisterA, class RegisterB, bool Ok>
struct registers_overlap {
    static_assert(Ok, "regspace rule broken: two registers overlap");
    static constexpr bool value = Ok;
};
template <class RegisterA, class RegisterB, bool Ok>
struct duplicate_register_name {
    static_assert(Ok, "regspace rule broken: two registers of one block have the same name");
    static constexpr bool value = Ok;
};
template <class Register, class Field, bool Ok>
struct lock_field_does_not_exist {
    static_assert(Ok, "regspace rule broken: the lock field named by access::rw_lock<> does not exist");
    static constexpr bool value = Ok;
};

// ---- evaluation --------------------------------------------------------------------------------
struct pair_index {
    std::size_t a = 0, b = 0;
    bool bad = false;
};

template <class R>
constexpr pair_index first_field_overlap() {
    constexpr std::size_t n = R::fields::size;
    std::array<std::uint64_t, (n ? n : 1)> masks{};
    std::size_t i = 0;
    [&]<class... F>(type_list<F...>) { ((masks[i++] = F::mask), ...); }(typename R::fields{});
    for (std::size_t a = 0; a < n; ++a)
        for (std::size_t b = a + 1; b < n; ++b)
            if (masks[a] & masks[b]) return {a, b, true};
    return {};
}

template <class R>
constexpr pair_index first_duplicate_field() {
    constexpr std::size_t n = R::fields::size;
    std::array<std::string_view, (n ? n : 1)> names{};
    std::size_t i = 0;
    [&]<class... F>(type_list<F...>) { ((names[i++] = F::name.view()), ...); }(typename R::fields{});
    for (std::size_t a = 0; a < n; ++a)
        for (std::size_t b = a + 1; b < n; ++b)
            if (names[a] == names[b]) return {a, b, true};
    return {};
}

template <class R, class F>
constexpr bool check_field() {
    constexpr bool a = field_has_zero_width<R, F, (F::width > 0)>::value;
    constexpr bool b =
        field_past_register_width<R, F, (F::lsb < R::bytes * 8 && F::width <= R::bytes * 8 - F::lsb)>::value;
    constexpr bool c = field_reset_outside_field<R, F, ((F::reset & ~F::value_mask) == 0)>::value;
    return a && b && c;
}

template <class R, pair_index P, class Fs = typename R::fields>
constexpr bool report_field_pairs() {
    if constexpr (Fs::size == 0) {
        return true;
    } else {
        return fields_overlap<R, nth_t<P.a, Fs>, nth_t<P.b, Fs>, !P.bad>::value;
    }
}
template <class R, pair_index P, class Fs = typename R::fields>
constexpr bool report_duplicate_fields() {
    if constexpr (Fs::size == 0) {
        return true;
    } else {
        return duplicate_field_name<R, nth_t<P.a, Fs>, nth_t<P.b, Fs>, !P.bad>::value;
    }
}

template <class R>
constexpr bool check_register() {
    constexpr bool width_ok = R::bytes == 1 || R::bytes == 2 || R::bytes == 4 || R::bytes == 8;
    bool ok = register_width_not_1_2_4_8<R, width_ok>::value;
    if constexpr (width_ok) {
        ok &= register_misaligned<R, (R::offset % R::bytes == 0)>::value;
        ok &= []<class... F>(type_list<F...>) { return (true && ... && check_field<R, F>()); }(
            typename R::fields{});
        ok &= report_field_pairs<R, first_field_overlap<R>()>();
        ok &= report_duplicate_fields<R, first_duplicate_field<R>()>();
    }
    return ok;
}

template <class Space, class L>
constexpr bool check_located() {
    using R = typename L::reg;
    bool ok = check_register<R>();
    constexpr bool width_ok = R::bytes == 1 || R::bytes == 2 || R::bytes == 4 || R::bytes == 8;
    if constexpr (width_ok) {
        // Placement can misalign a register that is aligned inside its block; reported with the
        // register rebased to its absolute offset.
        ok &= register_misaligned<typename L::absolute,
                                  (L::offset % R::bytes == 0 &&
                                   (L::count == 1 || L::stride % R::bytes == 0))>::value;
    }
    ok &= register_past_end_of_space<typename L::absolute, (L::last64 + R::bytes <= Space::size)>::value;
    [&]<class... F>(type_list<F...>) {
        (([&] {
             if constexpr (F::kind == access::kind::rw_lock) {
                 ok &= lock_field_does_not_exist<
                     R, F,
                     find_field<Space>(F::policy::lock_register.view(), F::policy::lock_field.view())
                         .found>::value;
             }
         }()),
         ...);
    }(typename R::fields{});
    return ok;
}

// First two located registers that claim the same byte: one pass over the space's bytes.
template <class Space>
constexpr pair_index first_register_overlap() {
    using Regs = typename Space::registers;
    std::array<std::uint32_t, Space::size> owner{};  // 0 = free, else index + 1
    pair_index found{};
    std::uint32_t idx = 0;
    [&]<class... L>(type_list<L...>) {
        (([&] {
             ++idx;
             for (unsigned e = 0; e < L::count && !found.bad; ++e) {
                 const std::uint64_t base = L::offset64 + std::uint64_t{e} * L::stride;
                 for (unsigned b = 0; b < L::reg::bytes && base + b < Space::size; ++b) {
                     auto& o = owner[base + b];
                     if (o != 0 && !found.bad) found = {o - 1, idx - 1, true};
                     o = idx;
                 }
             }
         }()),
         ...);
    }(Regs{});
    return found;
}

// Index of the first located register that came from placement P (placements compared as types;
// comparing addresses of their members is not a constant expression under GCC's -fsanitize=null).
template <class P, class... L>
constexpr std::size_t first_of_placement(type_list<L...>) {
    constexpr bool same[] = {std::is_same_v<typename L::placement, P>..., true};
    std::size_t k = 0;
    while (!same[k]) ++k;
    return k;
}

// Duplicate names are a per-block (and top-level) rule: two placements of one block are fine.
template <class Regs>
constexpr pair_index first_duplicate_register() {
    constexpr std::size_t n = Regs::size;
    std::array<std::string_view, (n ? n : 1)> names{};
    std::array<std::size_t, (n ? n : 1)> owner{};  // index of the first register of its placement
    std::size_t i = 0;
    [&]<class... L>(type_list<L...>) {
        (((names[i] = L::reg::name.view()),
          (owner[i] = first_of_placement<typename L::placement>(Regs{})), ++i),
         ...);
    }(Regs{});
    for (std::size_t a = 0; a < n; ++a)
        for (std::size_t b = a + 1; b < n; ++b)
            if (owner[a] == owner[b] && names[a] == names[b]) return {a, b, true};
    return {};
}

template <class Space>
struct check_space {
    using Regs = typename Space::registers;
    static constexpr bool each =
        []<class... L>(type_list<L...>) { return (true && ... && check_located<Space, L>()); }(Regs{});
    static constexpr pair_index overlap = first_register_overlap<Space>();
    static constexpr pair_index dup = first_duplicate_register<Regs>();
    static constexpr bool pairs = [] {
        if constexpr (Regs::size == 0) {
            return true;
        } else {
            constexpr bool a = registers_overlap<typename nth_t<overlap.a, Regs>::absolute,
                                                 typename nth_t<overlap.b, Regs>::absolute,
                                                 !overlap.bad>::value;
            return a && duplicate_register_name<typename nth_t<dup.a, Regs>::absolute,
                                           typename nth_t<dup.b, Regs>::absolute, !dup.bad>::value;
        }
    }();
    static constexpr bool value = each && pairs;
};

}  // namespace regspace::detail
