// SPDX-License-Identifier: MIT
// regspace/block.hpp - reusable groups of registers and their placement in a space.
//
// A block is described once with block-relative offsets (a PCI header, a capability, an MMIO
// bank) and placed at a base, once (`place`) or as an array of equally spaced copies (`repeat`,
// e.g. the 16-byte entries of an MSI-X table, PCI Local Bus Spec 3.0 §6.8.2.6).
#pragma once

#include <array>
#include <cstdint>
#include <type_traits>

#include <regspace/detail/diagnostic.hpp>
#include <regspace/detail/type_list.hpp>
#include <regspace/fixed_string.hpp>
#include <regspace/register.hpp>

namespace regspace {

// The rules of blocks and their placements (detail/diagnostic.hpp).
namespace detail {
REGSPACE_DETAIL_RULE(block_holds_registers_only,
                     "a block holds registers only (reg<...>)",
                     fixed_string Block, class Item)
REGSPACE_DETAIL_RULE(repeat_needs_an_element,
                     "repeat<> needs at least one element",
                     class Block, unsigned Count)
}  // namespace detail

template <fixed_string Name, class... Regs>
struct block {
    static constexpr const auto& name = Name;
    using registers = detail::type_list<Regs...>;
    static_assert(detail::reported(detail::all_of(std::array<bool, sizeof...(Regs)>{
        detail::block_holds_registers_only<Name, Regs, is_register<Regs>::value>()...})));
};

// A list of registers, a part of a block whose shape is computed (block_of below).
template <class... Regs>
using reg_list = detail::type_list<Regs...>;

namespace detail {
template <class Part>
struct as_reg_list { using type = type_list<Part>; };
template <class... R>
struct as_reg_list<type_list<R...>> { using type = type_list<R...>; };

template <fixed_string Name, class List>
struct block_from;
template <fixed_string Name, class... R>
struct block_from<Name, type_list<R...>> {
    using type = block<Name, R...>;
};
}  // namespace detail

// A block from parts, each a register or a reg_list<> of registers (possibly empty): how a
// capability whose registers depend on its parameters lists them, e.g.
//   block_of<"MSI", msgctl, msgaddr, std::conditional_t<P.address_64, reg_list<msguaddr>, reg_list<>>, msgdata>
template <fixed_string Name, class... Parts>
using block_of = typename detail::block_from<Name, typename detail::join<typename detail::as_reg_list<Parts>::type...>::type>::type;

template <class Block, unsigned Base>
struct place {
    using block_type = Block;
    static constexpr unsigned base = Base;
    static constexpr unsigned count = 1;
    static constexpr unsigned stride = 0;
};

template <class Block, unsigned Base, unsigned Count, unsigned Stride>
struct repeat {
    using block_type = Block;
    static constexpr unsigned base = Base;
    static constexpr unsigned count = Count;
    static constexpr unsigned stride = Stride;
    static_assert(detail::reported(detail::repeat_needs_an_element<Block, Count, (Count > 0)>()));
};

template <class T> struct is_placement : std::false_type {};
template <class B, unsigned O> struct is_placement<place<B, O>> : std::true_type {};
template <class B, unsigned O, unsigned C, unsigned S>
struct is_placement<repeat<B, O, C, S>> : std::true_type {};

// Names one placement of a register whose block appears several times in a space:
// dev.get<placed_at<R, 0x50>>() is R as placed at absolute offset 0x50 (element 0 of a repeat).
template <class R, unsigned Absolute>
struct placed_at : R {};

namespace detail {
// A register as it sits in a space: the described register R (block-relative), the placement it
// came from, and its absolute offset of element 0. Group numbers the placement within its space
// (0 for registers given to the space directly): registers share a group iff they share a
// placement, which is what the duplicate-name rule needs without comparing placement types.
template <class R, class Placement, unsigned Group = 0>
struct located {
    using reg = R;
    using placement = Placement;
    static constexpr unsigned group = Group;
    // Computed in 64 bits so that a huge base cannot wrap round to a small offset;
    // check_space rejects anything past the space.
    static constexpr std::uint64_t offset64 = std::uint64_t{Placement::base} + R::offset;
    static constexpr std::uint64_t last64 = offset64 + std::uint64_t{Placement::count - 1} * Placement::stride;
    static constexpr unsigned offset = static_cast<unsigned>(offset64);
    static constexpr unsigned count = Placement::count;
    static constexpr unsigned stride = Placement::stride;
    // The register rebased to its absolute offset: how diagnostics name a placed register.
    using absolute = typename R::template at<offset>;
};

// The top-level placement of registers given directly to a space.
struct top_level {
    static constexpr auto name = fixed_string{""};
    static constexpr unsigned base = 0, count = 1, stride = 0;
};

// What a located register keeps of its placement: the block's name, base, count and stride, not
// the block type. located<> is the template argument of every per-register function a device
// instantiates, and a placement naming its block would spell every register of the block in
// each of those symbols (50 KB each for the PCI Express capability), which GCC then takes
// quadratic time to mangle (docs/performance.md, "What was changed in the framework").
template <fixed_string Name, unsigned Base, unsigned Count, unsigned Stride>
struct placed_block {
    static constexpr const auto& name = Name;
    static constexpr unsigned base = Base, count = Count, stride = Stride;
};
template <class Placement>
using placement_summary = placed_block<Placement::block_type::name, Placement::base, Placement::count, Placement::stride>;
}  // namespace detail

}  // namespace regspace
