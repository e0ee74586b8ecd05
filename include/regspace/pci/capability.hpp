// regspace/pci/capability.hpp - capability lists, linked at compile time.
//
// A capability is a type with an ID, a name, a size, and its registers as a function of the
// next pointer. config_space<> places each listed capability at its offset and writes the chain:
// every NEXT pointer, the header's Capabilities Pointer and Status.CL are reset values computed
// from the list, never typed by hand (PCI LB 3.0 §6.7; PCIe r6.0 §7.6 for extended ones).
#pragma once

#include <cstdint>
#include <type_traits>
#include <utility>

#include <regspace/access.hpp>
#include <regspace/block.hpp>
#include <regspace/field.hpp>
#include <regspace/register.hpp>

namespace regspace::pci {

// The two-byte header every standard capability starts with.
template <std::uint8_t Id, std::uint8_t Next>
using cap_header = detail::type_list<
    reg<"CAP_ID", 0x00, 1, field<"ID", 0, 8, access::ro, Id, "capability ID">>,
    reg<"NEXT", 0x01, 1, field<"NEXT", 0, 8, access::ro, Next, "next capability pointer">>>;

// Placement of a standard capability C at config offset Offset.
template <class C, unsigned Offset>
struct at {
    using capability = C;
    static constexpr unsigned offset = Offset;
};

namespace cap_detail {
template <class Cap, bool Ok>
struct standard_capability_outside_0x40_0xff {
    static_assert(Ok, "regspace rule broken: a standard capability must lie within 0x40-0xFF");
    static constexpr bool value = Ok;
};
template <class Cap, bool Ok>
struct capability_not_dword_aligned {
    static_assert(Ok, "regspace rule broken: a capability must start on a dword boundary");
    static constexpr bool value = Ok;
};
template <class CapA, class CapB, bool Ok>
struct capabilities_overlap {
    static_assert(Ok, "regspace rule broken: two capabilities overlap");
    static constexpr bool value = Ok;
};
template <class Cap, bool Ok>
struct extended_capability_in_standard_list {
    static_assert(Ok, "regspace rule broken: an extended capability cannot be in the standard list");
    static constexpr bool value = Ok;
};

template <class A>
constexpr bool check_one() {
    using C = typename A::capability;
    constexpr bool a = extended_capability_in_standard_list<C, !C::extended>::value;
    constexpr bool b = standard_capability_outside_0x40_0xff<
        C, (A::offset >= 0x40 && A::offset + C::bytes <= 0x100)>::value;
    constexpr bool c = capability_not_dword_aligned<C, (A::offset % 4 == 0)>::value;
    // Capabilities with rules of their own (MSI-X: table and PBA inside their BARs) check them
    // in a `valid` member.
    constexpr bool d = [] {
        if constexpr (requires { C::valid; }) return C::valid;
        else return true;
    }();
    return a && b && c && d;
}
template <class A, class B>
constexpr bool check_pair() {
    constexpr bool disjoint = A::offset + A::capability::bytes <= B::offset ||
                              B::offset + B::capability::bytes <= A::offset;
    return capabilities_overlap<typename A::capability, typename B::capability, disjoint>::value;
}
template <class A, class... Rest>
constexpr bool check_against() {
    return (true && ... && check_pair<A, Rest>());
}
template <class... Caps>
struct check_list;
template <>
struct check_list<> {
    static constexpr bool value = true;
};
template <class A, class... Rest>
struct check_list<A, Rest...> {
    static constexpr bool value = check_one<A>() && check_against<A, Rest...>() && check_list<Rest...>::value;
};

// Offset of the capability after position I in the list, 0 after the last.
template <class... Caps>
constexpr std::uint8_t next_after(std::size_t i) {
    constexpr unsigned offs[] = {Caps::offset..., 0u};
    return static_cast<std::uint8_t>(offs[i + 1]);
}
}  // namespace cap_detail

template <class... Caps>
struct capability_list {
    static_assert(cap_detail::check_list<Caps...>::value, "regspace: invalid capability list");
    // The header's Capabilities Pointer: the first listed capability, 0 for none.
    static constexpr std::uint8_t first = [] {
        constexpr unsigned offs[] = {Caps::offset..., 0u};
        return static_cast<std::uint8_t>(offs[0]);
    }();

    template <class Seq>
    struct placed_impl;
    template <std::size_t... I>
    struct placed_impl<std::index_sequence<I...>> {
        using type = detail::type_list<place<
            typename Caps::capability::template block<cap_detail::next_after<Caps...>(I)>, Caps::offset>...>;
    };
    using placements = typename placed_impl<std::index_sequence_for<Caps...>>::type;
};

}  // namespace regspace::pci
