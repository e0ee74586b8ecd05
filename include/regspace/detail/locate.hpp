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

template <class R, class Regs>
struct locate_reg;
template <class R, class... L>
struct locate_reg<R, type_list<L...>> {
    // Located registers that name R: R itself, or placed_at<R, absolute offset> for one placement.
    static constexpr std::size_t matches = sum_of(std::array<std::size_t, sizeof...(L)>{
        ((std::is_same_v<typename L::reg, R> || std::is_same_v<placed_at<typename L::reg, L::offset>, R>) ? 1u : 0u)...});
    static_assert(reported(register_is_in_the_space<R, type_list<L...>, (matches != 0)>()));
    static_assert(reported(register_is_placed_once<R, type_list<L...>, (matches < 2)>()));
    // Where R is not in the space, a stand-in (R at its own offset), so that the one error above
    // is the only one.
    using type = std::conditional_t<matches == 0, located<R, top_level>, typename find_located<R, L...>::type>;
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
template <class L>
constexpr std::string_view placement_name() {
    if constexpr (requires { L::placement::block_type::name; }) return L::placement::block_type::name.view();
    else return {};
}
template <class Regs, fixed_string Block, fixed_string Name>
struct register_named_in;
template <class... L, fixed_string Block, fixed_string Name>
struct register_named_in<type_list<L...>, Block, Name> {
    static constexpr std::size_t index = first_true(std::array<bool, sizeof...(L) + 1>{
        (placement_name<L>() == Block.view() && L::reg::name.view() == Name.view())..., false});
    struct none {
        using reg = void;
    };
    using type = typename std::conditional_t<(index < sizeof...(L)), nth<index, type_list<L...>>,
                                             std::type_identity<none>>::type::reg;
};
template <class Space, fixed_string Block, fixed_string Name>
using register_named = typename register_named_in<typename Space::registers, Block, Name>::type;

}  // namespace regspace::detail
