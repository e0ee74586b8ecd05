// SPDX-License-Identifier: MIT
// regspace/introspect.hpp - every descriptor, visible at run time.
//
// Printers, exporters and explain traces read these tables; they are generated from the same
// types the handler is folded from, so there is no second description to drift.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include <regspace/access.hpp>
#include <regspace/detail/type_list.hpp>
#include <regspace/field.hpp>
#include <regspace/space.hpp>

namespace regspace {

// A named value of a field (value<3, "D3hot">).
struct value_info {
    std::uint64_t number;
    std::string_view name;
    std::string_view description;
};

struct field_info {
    std::string_view name;
    std::string_view description;
    std::string_view spec;  // the field's own spec<>; empty: see its register's
    std::span<const value_info> values;
    unsigned lsb;
    unsigned width;
    access::kind policy;
    std::uint64_t reset;
    // For RW-L fields: the lock register and field; empty otherwise.
    std::string_view lock_register;
    std::string_view lock_field;
};

struct register_info {
    std::string_view name;
    std::string_view description;
    std::string_view spec;    // spec<> reference, e.g. "PCI LB 3.0 section 6.2.2"
    std::string_view block;   // the block it was placed from; empty for top-level registers
    unsigned placement;       // base offset of that placement (0 for top-level registers)
    unsigned offset;          // absolute offset of element 0
    unsigned bytes;
    unsigned count;           // elements of a repeat<>, 1 otherwise
    unsigned stride;
    std::uint64_t reset;
    access::kind reserved;    // policy of undeclared bits (RsvdP or RsvdZ)
    bool has_device_logic;    // a rule<> or action<> runs on guest writes (beyond its policies)
    std::span<const field_info> fields;
    // The register's rule<> (value after the policies -> value kept), or nullptr: reference models
    // and checkers apply it as the handler does. An action<> needs the device and is not exposed.
    std::uint64_t (*rule)(std::uint64_t old, std::uint64_t now) = nullptr;
    bool has_action = false;
};

struct space_info {
    std::string_view name;
    std::size_t size;
    unsigned max_access;
    std::string_view unmapped;  // what bytes no register covers do: "read-zero", "read-ones", "forward"
    std::span<const register_info> registers;
    std::span<const size_rule_info> size_rules;  // which sizes registers and ranges take (access_size.hpp)
};

namespace detail {
template <class Values>
struct value_table;
template <class... V>
struct value_table<values<V...>> {
    static constexpr std::array<value_info, sizeof...(V)> table{
        value_info{V::number, V::name.view(), V::description.view()}...};
};

template <class F>
constexpr field_info make_field_info() {
    field_info fi{F::name.view(), F::description.view(), F::spec_ref.view(),
                  std::span<const value_info>(value_table<typename F::value_names::list>::table),
                  F::lsb, F::width, F::kind, F::reset, {}, {}};
    if constexpr (F::kind == access::kind::rw_lock) {
        fi.lock_register = F::policy::lock_register.view();
        fi.lock_field = F::policy::lock_field.view();
    }
    return fi;
}
template <class R>
inline constexpr auto fields_table = []<class... F>(type_list<F...>) {
    return std::array<field_info, sizeof...(F)>{make_field_info<F>()...};
}(typename R::fields{});

template <class L>
constexpr register_info make_register_info() {
    using R = typename L::reg;
    return register_info{R::name.view(), R::description.view(), R::spec_ref.view(), L::placement::name.view(), L::placement::base, L::offset, R::bytes,
                         L::count, L::stride, R::reset_value, R::reserved_policy::value,
                         R::has_rule || R::has_action,
                         std::span<const field_info>(fields_table<R>),
                         R::has_rule ? &R::write_rule::apply : nullptr, R::has_action};
}
template <class Space>
inline constexpr auto registers_table = []<class... L>(type_list<L...>) {
    return std::array<register_info, sizeof...(L)>{make_register_info<L>()...};
}(typename Space::registers{});
}  // namespace detail

// The space's descriptors. A space that breaks a rule reports it (valid_space) and is described
// without registers, so that the rule's error is the only one.
template <class Space>
[[nodiscard]] constexpr space_info describe() noexcept {
    constexpr detail::unmapped_kind u = Space::unmapped_policy::value;
    space_info s{Space::name.view(), Space::size, Space::max_access_size,
                 u == detail::unmapped_kind::forward ? "forward"
                 : u == detail::unmapped_kind::ones  ? "read-ones"
                                                     : "read-zero",
                 {}, {}};
    if constexpr (valid_space<Space>) {
        s.registers = std::span<const register_info>(detail::registers_table<Space>);
        s.size_rules = std::span<const size_rule_info>(detail::size_rules_of<Space>);
    }
    return s;
}

// The register (element) covering byte `offset`, or nullptr: for traces and explanations.
[[nodiscard]] constexpr const register_info* register_at(const space_info& s, unsigned offset,
                                                         unsigned* index = nullptr) noexcept {
    for (const register_info& r : s.registers) {
        if (offset < r.offset) continue;
        const unsigned rel = offset - r.offset;
        const unsigned e = r.count > 1 ? rel / r.stride : 0;
        if (e < r.count && rel - e * r.stride < r.bytes) {
            if (index) *index = e;
            return &r;
        }
    }
    return nullptr;
}

// The name of `number` among the field's named values, or an empty view.
[[nodiscard]] constexpr std::string_view value_name(const field_info& f, std::uint64_t number) noexcept {
    for (const value_info& v : f.values)
        if (v.number == number) return v.name;
    return {};
}

// Where a field is defined: its own spec<> or, when it has none, its register's.
[[nodiscard]] constexpr std::string_view spec_of(const register_info& r, const field_info& f) noexcept {
    return f.spec.empty() ? r.spec : f.spec;
}

}  // namespace regspace
