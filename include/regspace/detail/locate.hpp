// SPDX-License-Identifier: MIT
// regspace/detail/locate.hpp - finding a register or a field named in device-side code
// (device::get<R>, set<R, "FIELD">, typed read<R>/write<R>), with one error when there is none.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>

#include <regspace/access.hpp>
#include <regspace/block.hpp>
#include <regspace/detail/diagnostic.hpp>
#include <regspace/detail/type_list.hpp>
#include <regspace/field.hpp>
#include <regspace/fixed_string.hpp>

namespace regspace::detail {

// The rules of naming a register or a field in device-side code (detail/diagnostic.hpp).
REGSPACE_DETAIL_RULE(register_is_in_the_space,
                     "this register is not part of the device's space",
                     class Register, class Space)
REGSPACE_DETAIL_RULE(register_is_placed_once,
                     "this register is placed more than once in the space; name one placement as placed_at<R, absolute offset>",
                     class Register, class Space)
REGSPACE_DETAIL_RULE(register_has_the_field,
                     "the register has no field of this name",
                     class Register, fixed_string Field)
REGSPACE_DETAIL_RULE(device_takes_a_space, "device<> takes a space<...>", class T)

// One object per type, whose address names the type in constant expressions: how a register is
// found in a space's list by comparing addresses in one constexpr array per space, rather than by
// a template of the register and the list (each such entity would be named after the whole list:
// the rule at the top of detail/type_list.hpp).
template <class T>
inline constexpr char type_tag = 0;

// Per space, once: each located register's identity, as itself and as placed_at<R, offset>.
template <class Regs>
struct register_ids;
template <class... L>
struct register_ids<type_list<L...>> {
    static constexpr std::array<const void*, sizeof...(L)> reg{&type_tag<typename L::reg>...};
    static constexpr std::array<const void*, sizeof...(L)> placed{&type_tag<placed_at<typename L::reg, L::offset>>...};
};
struct register_match {
    std::size_t count = 0, first = 0;
};
template <class Regs, std::size_t N>
constexpr register_match match_register(const void* id) {
    register_match m{0, N};
    for (std::size_t i = 0; i < N; ++i)
        if (register_ids<Regs>::reg[i] == id || register_ids<Regs>::placed[i] == id) {
            if (m.count++ == 0) m.first = i;
        }
    return m;
}

// The located register of Space that R names: R itself, or placed_at<R, absolute offset> for one
// placement.
template <class R, class Space>
struct locate_reg {
    using regs = typename Space::registers;
    static constexpr register_match match = match_register<regs, regs::size>(&type_tag<R>);
    static_assert(reported(register_is_in_the_space<R, Space, (match.count != 0)>()));
    static_assert(reported(register_is_placed_once<R, Space, (match.count < 2)>()));
    // Where R is not in the space, a stand-in (R at its own offset), so that the one error above
    // is the only one.
    using type = typename std::conditional_t<(match.count == 0), std::type_identity<located<R, top_level>>,
                                             nth<(match.count ? match.first : 0), regs>>::type;
};

// The field of R called Name (a stand-in where there is none, so that the one error is the only one).
template <class R, fixed_string Name>
struct field_of {
    template <class... F>
    static auto pick(type_list<F...>) {
        constexpr std::size_t n = (std::size_t{0} + ... + (F::name == Name ? 1 : 0));
        static_assert(reported(register_has_the_field<R, Name, (n != 0)>()));
        using found = typename find_named<Name, F...>::type;
        return std::conditional_t<std::is_void_v<found>, field<Name, 0, 1, access::ro>, found>{};
    }
    using type = decltype(pick(typename R::fields{}));
};
template <class R, fixed_string Name>
using field_named = typename field_of<R, Name>::type;

// The register called Name in the block called Block (Block "" for registers given to the space
// directly, a PCI header's), void if the space has none: how a capability's device-side code
// reaches registers of another capability whose parameters it does not know (AER reports
// through the PCI Express capability's Device Status, whatever pcie<P> the function has).
// Per space, once: each located register's block and name.
struct block_and_name {
    std::string_view block, name;
};
template <class Regs>
struct register_names;
template <class... L>
struct register_names<type_list<L...>> {
    static constexpr std::array<block_and_name, sizeof...(L)> value{
        block_and_name{L::placement::name.view(), L::reg::name.view()}...};
};
template <class Space, fixed_string Block, fixed_string Name>
struct register_named_in {
    using regs = typename Space::registers;
    static constexpr std::size_t index = [] {
        std::size_t i = 0;
        for (const block_and_name& r : register_names<regs>::value) {
            if (r.block == Block.view() && r.name == Name.view()) break;
            ++i;
        }
        return i;
    }();
    struct none {
        using reg = void;
    };
    using type = typename std::conditional_t<(index < regs::size), nth<(index < regs::size ? index : 0), regs>,
                                             std::type_identity<none>>::type::reg;
};
template <class Space, fixed_string Block, fixed_string Name>
using register_named = typename register_named_in<Space, Block, Name>::type;

}  // namespace regspace::detail
